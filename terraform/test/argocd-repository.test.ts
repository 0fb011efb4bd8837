// Argo CD's credentials for a private repository, end to end as configured: Terraform makes the Secrets
// Manager container (no value: nothing in state) and the IRSA role; gitops/infrastructure/configs/
// argocd-repository makes, through External Secrets Operator, Argo CD's repository Secret from it. The
// names each side expects of the other are checked against each other; the trees are rendered by the
// real `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { charts, upPlan } from '../../scripts/environment/plan.js';
import {
  argocdRepositoryDir,
  clusterDir,
  controllerFile,
  GITOPS_DIR,
  repositoryEnvFile,
} from '../../scripts/gitops/layout.js';
import { repositoryEnvKeys } from '../../scripts/terraform/carry.js';

const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  file: string,
  text: string,
) => Promise<Record<string, unknown>>;
const REPO = join(import.meta.dirname, '..', '..');
type Block = Record<string, unknown>;
type Manifest = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Block;
};

const tf = async (path: string) =>
  (await parse(path, readFileSync(join(REPO, 'terraform', path), 'utf8'))) as Block;
const first = (blocks: unknown, type: string, name: string): Block | undefined =>
  ((blocks as Record<string, Record<string, Block[]>> | undefined)?.[type]?.[name] ?? [])[0];

/**
 * The cluster entry gitops/clusters/<env> with the opt-in the README gives (its commented component line
 * uncommented), in a temporary copy of gitops/, rendered by `kubectl kustomize`.
 */
function renderOptedIn(env: 'dev' | 'prod'): Manifest[] {
  const entry = `${clusterDir(env)}/kustomization.yaml`;
  const text = readFileSync(join(REPO, entry), 'utf8');
  const line = posix.relative(clusterDir(env), argocdRepositoryDir(env));
  const opted = text.replace(`  # - ${line}\n`, `  - ${line}\n`);
  expect(opted).not.toBe(text);
  const tmp = mkdtempSync(join(tmpdir(), 'argocd-root-'));
  try {
    cpSync(join(REPO, GITOPS_DIR), join(tmp, GITOPS_DIR), { recursive: true });
    writeFileSync(join(tmp, entry), opted);
    const rendered = execFileSync('kubectl', ['kustomize', join(tmp, clusterDir(env))], { encoding: 'utf8' });
    return parseAllDocuments(rendered).map((d) => d.toJS() as Manifest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function render(path: string): Manifest[] {
  const text = execFileSync('kubectl', ['kustomize', join(REPO, path)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as Manifest);
}

/** Every .tf file under terraform/, for resource types that must never appear. */
function allTf(dir = join(REPO, 'terraform')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? allTf(join(dir, e.name))
      : e.name.endsWith('.tf')
        ? [readFileSync(join(dir, e.name), 'utf8')]
        : [],
  );
}

const module = await tf('modules/argocd-repository/main.tf');
const variables = await tf('modules/argocd-repository/variables.tf');
const secret = first(module.resource, 'aws_secretsmanager_secret', 'this');
const role = first(module.resource, 'aws_iam_role', 'this');

describe('Terraform: the secret container and the role that reads it', () => {
  it('holds no value: no secret version anywhere, so the credentials never reach the state', () => {
    expect(secret).toBeDefined();
    for (const text of allTf()) expect(text).not.toMatch(/"aws_secretsmanager_secret_version"/);
  });

  it('is encrypted with its own rotating key', () => {
    expect(secret?.kms_key_id).toBe(`\${aws_kms_key.this.arn}`);
    expect(first(module.resource, 'aws_kms_key', 'this')?.enable_key_rotation).toBe(true);
  });

  it('lets the role read that one secret only, and trusts one ServiceAccount exactly', () => {
    const read = first(module.data, 'aws_iam_policy_document', 'read');
    const statements = (read?.statement ?? []) as { actions: string[]; resources: string[] }[];
    expect(statements.map((s) => [s.actions, s.resources])).toEqual([
      [
        ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        [`\${aws_secretsmanager_secret.this.arn}`],
      ],
      [['kms:Decrypt'], [`\${aws_kms_key.this.arn}`]],
    ]);
    const trust = first(module.data, 'aws_iam_policy_document', 'trust');
    const conditions = (((trust?.statement ?? []) as Block[])[0]?.condition ?? []) as {
      test: string;
      values: string[];
    }[];
    expect(conditions.map((c) => c.test)).toEqual(['StringEquals', 'StringEquals']);
    expect(conditions[1]?.values).toEqual([`system:serviceaccount:\${var.service_account}`]);
    expect(role?.permissions_boundary).toBe(`\${var.permissions_boundary_arn}`);
  });
});

describe('npm run up', () => {
  it("installs External Secrets Operator before the root, at the chart version of the operator's Application", () => {
    const application = readFileSync(join(REPO, controllerFile('external-secrets')), 'utf8');
    const source = (parseYaml(application) as { spec: { source: Block } }).spec.source;
    expect([source.chart, source.targetRevision, source.repoURL]).toEqual([
      charts.externalSecrets.chart,
      charts.externalSecrets.version,
      charts.externalSecrets.repo,
    ]);
    const titles = upPlan('dev').map((s) => s.title);
    const eso = titles.findIndex((t) => t.startsWith('Helm: External Secrets Operator'));
    const root = titles.findIndex((t) => t.startsWith('Argo CD: apply the root Application'));
    expect(eso).toBeGreaterThan(0);
    expect(eso).toBeLessThan(root);
  });
});

describe.each(['dev', 'prod'] as const)(
  'gitops/clusters/%s, opted in: the repository Secret comes from ESO',
  (env) => {
    const manifests = renderOptedIn(env);
    const named = (kind: string) =>
      manifests.find((m) => m.kind === kind && m.metadata.name === 'argocd-repository');

    it('renders the ServiceAccount, store and ExternalSecret in Argo CD namespace, and no Secret', () => {
      for (const kind of ['ServiceAccount', 'SecretStore', 'ExternalSecret'])
        expect([kind, named(kind)?.metadata.namespace]).toEqual([kind, 'argocd']);
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      expect(JSON.stringify(manifests)).not.toContain('from-aws-env');
    });

    it('deploys only kinds the admin project allows (the root Application is in it)', () => {
      const admin = manifests.find((m) => m.kind === 'AppProject' && m.metadata.name === 'admin');
      const allowed = ((admin?.spec?.namespaceResourceWhitelist ?? []) as { kind: string }[]).map(
        (k) => k.kind,
      );
      for (const kind of ['ServiceAccount', 'SecretStore', 'ExternalSecret']) expect(allowed).toContain(kind);
    });

    it('is off by default: a public repository needs no credentials', () => {
      expect(render(clusterDir(env)).filter((m) => m.metadata.name === 'argocd-repository')).toEqual([]);
    });

    it("makes a Secret Argo CD reads as a repository, with the secret's keys passed through", () => {
      const target = (named('ExternalSecret')?.spec?.target ?? {}) as Block;
      const template = (target.template ?? {}) as Block;
      expect((template.metadata as Block).labels).toEqual({ 'argocd.argoproj.io/secret-type': 'repository' });
      // No template data: ESO then writes the JSON keys (url, githubApp*, or sshPrivateKey) as they are.
      expect(template.data).toBeUndefined();
      expect(((named('ExternalSecret')?.spec?.secretStoreRef ?? {}) as Block).name).toBe('argocd-repository');
    });

    it("reads the secret Terraform names, as the ServiceAccount Terraform's role trusts", () => {
      const extract = (((named('ExternalSecret')?.spec?.dataFrom ?? []) as Block[])[0]?.extract ??
        {}) as Block;
      // modules/argocd-repository: name = "${var.name}/argocd-repository", var.name = <project>-<env>.
      expect(secret?.name).toBe(`\${var.name}/argocd-repository`);
      expect(extract.key).toBe(`shop-${env}/argocd-repository`);
      const account = named('ServiceAccount');
      const serviceAccount = (variables.variable as Record<string, Block[]>).service_account?.[0]?.default;
      expect(serviceAccount).toBe(`${account?.metadata.namespace}:${account?.metadata.name}`);
      expect(account?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(
        new RegExp(`^arn:aws:iam::\\d{12}:role/shop-${env}-argocd-repository$`),
      );
      const store = named('SecretStore')?.spec?.provider as {
        aws: { auth: { jwt: { serviceAccountRef: Block } } };
      };
      expect(store.aws.auth.jwt.serviceAccountRef.name).toBe(account?.metadata.name);
    });

    it('takes its values from repository.env, the keys scripts/terraform/outputs.ts writes', () => {
      const text = readFileSync(join(REPO, repositoryEnvFile(env)), 'utf8');
      const keys = text
        .trim()
        .split('\n')
        .map((l) => l.slice(0, l.indexOf('=')));
      expect(keys).toEqual(Object.keys(repositoryEnvKeys));
    });
  },
);
