// The services' OAuth client credentials, end to end as configured: each declared oauth-client becomes, in
// Terraform, an empty Secrets Manager secret (no value: nothing in state) on a rotating key and one inline
// policy of External Secrets' role reading exactly it; in GitOps, an ExternalSecret reading that secret by
// the name aws.env carries. The names each side expects of the other are checked against each other; the
// overlays are rendered by the real `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { parseEnvFile } from '../../scripts/gitops/derive/aws-env-file.js';
import { OAUTH_CLIENT_SECRET_KEYS } from '../../scripts/gitops/derive/service-config.js';
import { awsEnvFile, overlayDir } from '../../scripts/gitops/layout.js';
import { DERIVED_ENVIRONMENT_INPUTS } from '../../scripts/terraform/derive.js';
import { oauthClientSecretKey } from '../../services/lib/catalogue/aws-env.js';
import { loadCatalogue } from '../../services/lib/catalogue/catalogue.js';

const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  file: string,
  text: string,
) => Promise<Record<string, unknown>>;
const REPO = join(import.meta.dirname, '..', '..');
type Block = Record<string, unknown>;

const tf = async (path: string) =>
  (await parse(path, readFileSync(join(REPO, 'terraform', path), 'utf8'))) as Block;
const first = (blocks: unknown, type: string, name: string): Block | undefined =>
  ((blocks as Record<string, Record<string, Block[]>> | undefined)?.[type]?.[name] ?? [])[0];

const catalogue = loadCatalogue();
const clients = catalogue.services.filter((s) => s.oauthClient);
const module = await tf('modules/identity/oauth-clients.tf');
const secret = first(module.resource, 'aws_secretsmanager_secret', 'oauth_client');
const key = first(module.resource, 'aws_kms_key', 'oauth_clients');

describe('Terraform: a secret container per declared oauth-client, and External Secrets reading exactly it', () => {
  it('is derived from the declarations: each client with its scopes', () => {
    const inputs = JSON.parse(readFileSync(join(REPO, DERIVED_ENVIRONMENT_INPUTS), 'utf8'));
    expect(clients.map((s) => s.name)).toContain('orders');
    expect(inputs.oauth_clients).toEqual(
      Object.fromEntries(clients.map((s) => [s.name, { scopes: s.oauthClient?.scopes }])),
    );
  });

  it('holds no value (no secret version), on its own rotating key, one per client', () => {
    expect(JSON.stringify(module)).not.toContain('aws_secretsmanager_secret_version');
    expect(secret?.for_each).toBe(`\${var.oauth_clients}`);
    expect(secret?.kms_key_id).toBe(`\${aws_kms_key.oauth_clients[0].arn}`);
    expect(key?.enable_key_rotation).toBe(true);
    expect(secret?.name).toBe(`\${var.name}/\${each.key}/oauth-client`);
  });

  it("lets External Secrets' role read each client's secret and its key, one policy per client", () => {
    const document = first(module.data, 'aws_iam_policy_document', 'external_secrets_oauth_client');
    const statements = (document?.statement ?? []) as { actions: string[]; resources: string[] }[];
    expect(statements.map((s) => [s.actions, s.resources])).toEqual([
      [
        ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        [`\${aws_secretsmanager_secret.oauth_client[each.key].arn}`],
      ],
      [['kms:Decrypt'], [`\${aws_kms_key.oauth_clients[0].arn}`]],
    ]);
    const policy = first(module.resource, 'aws_iam_role_policy', 'external_secrets_oauth_client');
    expect([policy?.for_each, policy?.role]).toEqual([
      `\${var.oauth_clients}`,
      `\${aws_iam_role.external_secrets.id}`,
    ]);
  });
});

describe.each(['dev', 'prod'] as const)('gitops/apps/%s: the ExternalSecret reads that secret', (env) => {
  const rendered = execFileSync('kubectl', ['kustomize', join(REPO, overlayDir(env))], { encoding: 'utf8' });
  const manifests = parseAllDocuments(rendered).map(
    (d) => d.toJS() as Block & { kind: string; metadata: Block },
  );
  const awsEnv = parseEnvFile(readFileSync(join(REPO, awsEnvFile(env)), 'utf8'));

  it.each(clients.map((s) => s.name))('%s: by the name Terraform gives it, with its JSON keys', (service) => {
    // modules/identity: "${var.name}/${each.key}/oauth-client", var.name = <project>-<env>.
    const name = `shop-${env}/${service}/oauth-client`;
    expect(awsEnv.get(oauthClientSecretKey(service))).toBe(name);
    const external = manifests.find(
      (m) => m.kind === 'ExternalSecret' && m.metadata.name === `${service}-oauth-client`,
    );
    const data = ((external?.spec as Block)?.data ?? []) as { secretKey: string; remoteRef: Block }[];
    expect(data).toEqual(
      OAUTH_CLIENT_SECRET_KEYS.map((k) => ({ secretKey: k, remoteRef: { key: name, property: k } })),
    );
    expect(String(secret?.description)).toContain('JSON: client_id, client_secret');
    // The Secret itself is ESO's: never in git.
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });
});
