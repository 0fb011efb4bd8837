// The carry script against the real terraform binary: `terraform output -json` reads a state file made
// for the test (outputs need no providers), and aws.env is written into a temporary copy of gitops/.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { awsEnvKeys } from '../../../services/lib/catalogue/aws-env.js';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { awsEnvFile, clusterAwsEnvFile, repositoryEnvFile } from '../../gitops/layout.js';
import {
  awsEnvValues,
  envEntries,
  githubCommands,
  parseOutputs,
  parseServiceOutputs,
  platformEnvKeys,
  renderEnvFile,
  repositoryEnvKeys,
  sharedAwsEnvOutputs,
} from '../carry.js';
import { platformOutputs } from '../checks/outputs-contract.js';
import { terraformFmt } from '../format.js';
import { main } from '../outputs.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const catalogue = loadCatalogue();
const values: Record<string, unknown> = Object.fromEntries(
  platformOutputs.map((name) => [name, `value-of-${name}`]),
);
values.region = 'eu-central-1';
values.database_secret_arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-x'y";
// The maps, by service and by queue id, as terraform/environment/outputs.tf gives them.
values.service_role_arns = Object.fromEntries(catalogue.names.map((n) => [n, `arn:role/shop-dev-${n}`]));
values.repository_urls = Object.fromEntries(catalogue.names.map((n) => [n, `registry/shop/${n}`]));
values.queues = Object.fromEntries(
  catalogue.queueIds.map((id) => [
    id,
    { url: `https://sqs/${id}.fifo`, dlq_url: `https://sqs/${id}-dlq.fifo` },
  ]),
);
values.oauth_client_secrets = Object.fromEntries(
  catalogue.services.filter((s) => s.oauthClient).map((s) => [s.name, `shop-dev/${s.name}/oauth-client`]),
);
const strings = (v: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A Terraform output's type in state: a string, a map of strings, or the queues' map of objects. */
function typeOf(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  const first = Object.values(value as Record<string, unknown>)[0];
  return ['map', typeof first === 'string' ? 'string' : ['object', { url: 'string', dlq_url: 'string' }]];
}

function state(outputs: Record<string, unknown>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '3f9c2a6e-0000-4000-8000-000000000001',
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v, type: typeOf(v) }])),
    resources: [],
  });
}

let work: string;
let lines: string[];
const log = (l: string) => lines.push(l);

const bootstrapOutputs = {
  state_bucket: 'shop-tfstate-123456789012',
  state_kms_key_arn: 'arn:aws:kms:eu-central-1:123456789012:key/k',
};

beforeEach(async () => {
  lines = [];
  work = await mkdtemp(join(tmpdir(), 'tf-outputs-'));
  // The committed files, where outputs.ts writes them.
  for (const env of ['dev', 'prod'] as const)
    for (const file of [awsEnvFile(env), clusterAwsEnvFile(env), repositoryEnvFile(env)])
      await cp(join(repo, file), join(work, file));
  await mkdir(join(work, 'bootstrap'));
  await writeFile(join(work, 'bootstrap', 'terraform.tfstate'), state(bootstrapOutputs));
  const probe = await terraformFmt(join(repo, 'terraform', 'bootstrap'));
  if (!probe.ran && process.env.CI === 'true') throw new Error('terraform is not on PATH (CI=true: failing)');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const bootstrapArgs = () => ['--bootstrap-dir', join(work, 'bootstrap')];

/** outputs.ts dev run on what `work` holds, which must refuse (exit 2): its stderr, and aws.env before. */
async function refused(): Promise<{ errors: string; file: string; before: string }> {
  const file = join(work, awsEnvFile('dev'));
  const before = await readFile(file, 'utf8');
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
  try {
    expect(
      await main(
        ['dev', '--terraform-dir', work, ...bootstrapArgs(), '--gitops-dir', join(work, 'gitops')],
        log,
      ),
    ).toBe(2);
  } finally {
    process.stderr.write = write;
  }
  return { errors: errors.join(''), file, before };
}

describe('outputs.ts <env>', () => {
  it('writes every aws.env key from terraform output -json, idempotently, and prints the GitHub variables', async () => {
    await writeFile(join(work, 'terraform.tfstate'), state(values));
    // From no file at all: what it writes is the whole contract.
    await rm(join(work, awsEnvFile('dev')));
    const args = ['dev', '--terraform-dir', work, ...bootstrapArgs(), '--gitops-dir', join(work, 'gitops')];
    expect(await main(args, log)).toBe(0);
    const file = join(work, awsEnvFile('dev'));
    const written = Object.fromEntries(
      (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // Exactly the keys of services/lib/catalogue/aws-env.ts, in its order, each with its output's value.
    expect(Object.keys(written)).toEqual(awsEnvKeys(catalogue));
    for (const [key, output] of Object.entries(sharedAwsEnvOutputs))
      expect([key, written[key]]).toEqual([key, values[output]]);
    expect(written.INVENTORY_ROLE_ARN).toBe('arn:role/shop-dev-inventory');
    expect(written.PRICING_REPOSITORY).toBe('registry/shop/pricing');
    expect(written.INVENTORY_EVENTS_QUEUE_URL).toBe('https://sqs/inventory-events.fifo');
    expect(written.INVENTORY_EVENTS_DLQ_URL).toBe('https://sqs/inventory-events-dlq.fifo');
    expect(written.ORDERS_OAUTH_CLIENT_SECRET).toBe('shop-dev/orders/oauth-client');
    const platform = await readFile(join(work, clusterAwsEnvFile('dev')), 'utf8');
    for (const [key, output] of Object.entries(platformEnvKeys))
      expect(platform.split('\n')).toContain(`${key}=${values[output]}`);
    // Argo CD's own tree reads its values from its own folder (kustomize reads no file outside it).
    const repository = await readFile(join(work, repositoryEnvFile('dev')), 'utf8');
    expect(repository.trim().split('\n')).toEqual(
      Object.entries(repositoryEnvKeys).map(([key, output]) => `${key}=${values[output]}`),
    );
    expect(lines).toContain(`  gh variable set AWS_CI_ROLE_ARN --body 'value-of-ci_role_arn'`);
    // infra.yml's own: the state backend from terraform/bootstrap (its other inputs are committed).
    expect(lines).toContain(`  gh variable set TF_STATE_BUCKET --body 'shop-tfstate-123456789012'`);
    expect(lines).toContain(
      `  gh variable set TF_STATE_KMS_KEY_ARN --body 'arn:aws:kms:eu-central-1:123456789012:key/k'`,
    );
    expect(lines.join('\n')).not.toContain('TFVARS');
    expect(lines.filter((l) => l.startsWith('  gh variable set'))).toHaveLength(8);

    lines = [];
    expect(await main(args, log)).toBe(0);
    expect(lines[0]).toMatch(/apps\/dev\/aws\.env: already up to date$/);
    expect(lines[1]).toMatch(/clusters\/dev\/aws\.env: already up to date$/);
  });

  it("has the same keys as the committed controllers' aws.env (gitops/clusters/*/aws.env)", async () => {
    for (const env of ['dev', 'prod'] as const) {
      const platform = await readFile(join(repo, clusterAwsEnvFile(env)), 'utf8');
      const platformKeys = platform.split('\n').flatMap((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1] ?? []);
      expect([env, platformKeys.sort()]).toEqual([env, Object.keys(platformEnvKeys).sort()]);
    }
  });

  it('refuses a bootstrap without the state outputs, and leaves aws.env untouched', async () => {
    await writeFile(join(work, 'terraform.tfstate'), state(values));
    await writeFile(join(work, 'bootstrap', 'terraform.tfstate'), state({ state_bucket: 'b' }));
    const { errors, file, before } = await refused();
    expect(errors).toContain('state_kms_key_arn is missing or empty');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses incomplete outputs, naming them, and leaves aws.env untouched', async () => {
    const partial = { ...values };
    delete partial.database_endpoint;
    await writeFile(join(work, 'terraform.tfstate'), state(partial));
    const { errors, file, before } = await refused();
    expect(errors).toContain('database_endpoint is missing or empty');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses outputs that lack a declared service or queue (applied before it was declared), naming each', async () => {
    const stale = {
      ...values,
      service_role_arns: { inventory: 'arn:role/shop-dev-inventory' },
      queues: {},
      oauth_client_secrets: {},
    };
    await writeFile(join(work, 'terraform.tfstate'), state(stale));
    const { errors, file, before } = await refused();
    expect(errors).toContain('service_role_arns["pricing"] is missing or empty');
    expect(errors).toContain('oauth_client_secrets["orders"] is missing or empty');
    expect(errors).toContain('queues["inventory-events"].url is missing or empty');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('carry', () => {
  it('keeps comments and unknown lines, replaces values in place, appends missing keys', () => {
    const json = JSON.stringify(
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
    );
    const entries = awsEnvValues(
      catalogue,
      parseOutputs(json, 'test'),
      parseServiceOutputs(json, 'test'),
      'test',
    );
    const { text, changed } = renderEnvFile(
      '# values from Terraform\nAWS_REGION=eu-west-1\nEXTRA=kept\n',
      entries,
    );
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['# values from Terraform', 'AWS_REGION=eu-central-1', 'EXTRA=kept']);
    expect(lines).toHaveLength(3 + awsEnvKeys(catalogue).length - 1);
    expect(changed).toContain('AWS_REGION');
    expect(envEntries(platformEnvKeys, strings(values))[0]).toEqual(['AWS_REGION', 'eu-central-1']);
  });

  it('refuses a multi-line value', () => {
    const json = JSON.stringify(
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, { value: k === 'hostname' ? 'a\nb' : v }]),
      ),
    );
    expect(() => parseOutputs(json, 'test')).toThrow('hostname spans several lines');
  });

  it("scopes prod's release and Terraform roles to their GitHub environments", () => {
    expect(githubCommands('prod', strings(values))).toEqual([
      "gh variable set AWS_RELEASE_ROLE_ARN --env production --body 'value-of-release_role_arn'",
      "gh variable set AWS_TERRAFORM_ROLE_ARN --env terraform-prod --body 'value-of-terraform_role_arn'",
    ]);
  });

  it("gives each Terraform environment's apply role its own GitHub environment, never the repository's", () => {
    const dev = githubCommands('dev', strings(values));
    expect(dev).toContain(
      "gh variable set AWS_TERRAFORM_ROLE_ARN --env terraform-dev --body 'value-of-terraform_role_arn'",
    );
    expect(dev).toContain("gh variable set AWS_DEPLOY_ROLE_ARN --env dev --body 'value-of-deploy_role_arn'");
    expect(dev.filter((c) => c.includes('AWS_TERRAFORM_ROLE_ARN'))).toHaveLength(1);
    expect(dev).toContain("gh variable set AWS_CI_ROLE_ARN --body 'value-of-ci_role_arn'");
  });
});
