// github:setup end to end: the CLI with @octokit/rest against the settings stand-in (GitHub's documented
// REST shapes), from files of `terraform output -json` and the init values.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { VARIABLES } from '../catalogue.js';
import { main } from '../setup.js';
import {
  type GitHubSettingsStandin,
  startGitHubSettingsStandin,
} from '../test-support/settings-standin/server.js';

const REPO = 'acme/shop';
const TOKEN = 'ghp_test-token';
const APP_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEexample\n-----END RSA PRIVATE KEY-----\n';
const SONAR = 'sonar-secret-value-123';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const tf = (values: Record<string, string>) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }]),
    ),
  );
const envOutputs = (env: string) => ({
  region: 'eu-central-1',
  ecr_registry: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
  ci_role_arn: `arn:aws:iam::123456789012:role/${env}-ci`,
  pr_role_arn: `arn:aws:iam::123456789012:role/${env}-pr`,
  deploy_role_arn: `arn:aws:iam::123456789012:role/${env}-deploy`,
  release_role_arn: `arn:aws:iam::123456789012:role/${env}-release`,
  terraform_role_arn: `arn:aws:iam::123456789012:role/${env}-terraform`,
});

let dir: string;
let standin: GitHubSettingsStandin;
let lines: string[];
let errors: string[];

async function run(extra: string[] = [], env: Record<string, string> = {}): Promise<number> {
  lines = [];
  errors = [];
  return main(
    [
      '--',
      '--values',
      join(dir, 'values.json'),
      '--dev-outputs',
      join(dir, 'dev.json'),
      '--prod-outputs',
      join(dir, 'prod.json'),
      '--bootstrap-outputs',
      join(dir, 'bootstrap.json'),
      '--app-key-file',
      join(dir, 'app.pem'),
      ...extra,
    ],
    { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standin.url, SONAR_TOKEN: SONAR, ...env },
    (line) => lines.push(line),
    (line) => errors.push(line),
  );
}

const writes = () => standin.requests.filter((r) => !r.startsWith('GET '));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'github-setup-'));
  standin = await startGitHubSettingsStandin({
    repository: REPO,
    token: TOKEN,
    users: { founder: 101 },
    teams: { 'acme/release-managers': 202 },
    apps: { 'acme-gitops': { id: 303, client_id: 'Iv23liAbc' } },
  });
  await writeFile(
    join(dir, 'values.json'),
    JSON.stringify({
      repository: REPO,
      baseImage: `gcr.io/distroless/nodejs24-debian12:nonroot@${DIGEST}`,
      sonarOrganization: 'acme',
      sonarProjectKey: 'acme_shop',
      appClientId: 'Iv23liAbc',
      appSlug: 'acme-gitops',
      reviewers: ['founder', 'acme/release-managers'],
      // What only the derivation reads (CODEOWNERS, auth.env): github:setup accepts the file as init writes it.
      owners: { terraform: ['@acme/infra'] },
      authIssuer: 'https://login.acme.dev/',
    }),
  );
  await writeFile(join(dir, 'dev.json'), tf(envOutputs('dev')));
  await writeFile(join(dir, 'prod.json'), tf(envOutputs('prod')));
  await writeFile(
    join(dir, 'bootstrap.json'),
    tf({ state_bucket: 'acme-tfstate', state_kms_key_arn: 'arn:aws:kms:eu-central-1:123456789012:key/k' }),
  );
  await writeFile(join(dir, 'app.pem'), APP_KEY);
});

afterEach(async () => {
  await standin.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run github:setup', () => {
  it('sets every variable at its scope, seals the secrets, and makes the environments, ruleset and Actions settings', async () => {
    expect(await run()).toBe(0);
    expect(standin.variable('AWS_REGION')).toBe('eu-central-1');
    expect(standin.variable('AWS_CI_ROLE_ARN')).toBe('arn:aws:iam::123456789012:role/dev-ci');
    expect(standin.variable('AWS_DEPLOY_ROLE_ARN', 'dev')).toBe('arn:aws:iam::123456789012:role/dev-deploy');
    expect(standin.variable('AWS_RELEASE_ROLE_ARN', 'production')).toBe(
      'arn:aws:iam::123456789012:role/prod-release',
    );
    expect(standin.variable('AWS_RELEASE_ROLE_ARN')).toBeUndefined();
    expect(standin.variable('AWS_TERRAFORM_ROLE_ARN', 'terraform-prod')).toBe(
      'arn:aws:iam::123456789012:role/prod-terraform',
    );
    expect(standin.variable('AWS_TERRAFORM_ROLE_ARN', 'terraform-dev')).toBe(
      'arn:aws:iam::123456789012:role/dev-terraform',
    );
    expect(standin.variable('AWS_TERRAFORM_ROLE_ARN')).toBeUndefined();
    // Terraform's inputs are committed (platform.auto.tfvars.json): no TFVARS_* text to carry.
    expect(standin.variable('TFVARS_DEV')).toBeUndefined();
    expect(standin.variable('BASE_IMAGE')).toMatch(new RegExp(`@${DIGEST}$`));
    expect(standin.variable('GH_APP_CLIENT_ID')).toBe('Iv23liAbc');
    expect(standin.variable('RELEASE_BUMP_MODE')).toBeUndefined();
    const required = VARIABLES.filter((v) => v.optional === undefined);
    for (const v of required)
      expect([v.name, standin.variable(v.name, v.environment)]).not.toEqual([v.name, undefined]);

    // Opened with the stand-in's private key: the sealed box round trip.
    expect(standin.secret('SONAR_TOKEN')).toBe(SONAR);
    expect(standin.secret('GH_APP_PRIVATE_KEY', 'dev')).toBe(APP_KEY.trimEnd());
    expect(standin.secret('GH_APP_PRIVATE_KEY', 'production')).toBe(APP_KEY.trimEnd());
    expect(standin.secret('GH_APP_PRIVATE_KEY')).toBeUndefined();

    const production = standin.environment('production');
    expect(production?.protection_rules).toContainEqual(
      expect.objectContaining({
        type: 'required_reviewers',
        reviewers: [
          { type: 'User', reviewer: { id: 101, login: 'founder' } },
          { type: 'Team', reviewer: { id: 202 } },
        ],
      }),
    );
    expect(production?.policies).toEqual([expect.objectContaining({ name: 'v*', type: 'tag' })]);
    expect(standin.environment('dev')?.policies).toEqual([
      expect.objectContaining({ name: 'main', type: 'branch' }),
    ]);
    expect(standin.environment('dev')?.protection_rules).not.toContainEqual(
      expect.objectContaining({ type: 'required_reviewers' }),
    );
    expect(standin.environment('terraform-prod')?.protection_rules).toContainEqual(
      expect.objectContaining({ type: 'required_reviewers' }),
    );

    const [ruleset, tags] = standin.rulesets();
    expect(tags).toMatchObject({
      name: 'release tags',
      target: 'tag',
      conditions: { ref_name: { include: ['refs/tags/v*'] } },
      bypass_actors: [
        { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
        { actor_id: 202, actor_type: 'Team', bypass_mode: 'always' },
      ],
      rules: [{ type: 'creation' }, { type: 'update' }, { type: 'deletion' }],
    });
    expect(ruleset).toMatchObject({
      name: 'main',
      target: 'branch',
      enforcement: 'active',
      conditions: { ref_name: { include: ['refs/heads/main'] } },
      bypass_actors: [{ actor_id: 303, actor_type: 'Integration', bypass_mode: 'always' }],
    });
    expect(ruleset?.rules).toContainEqual(
      expect.objectContaining({
        type: 'pull_request',
        parameters: expect.objectContaining({
          require_code_owner_review: true,
          required_approving_review_count: 1,
        }),
      }),
    );
    expect(ruleset?.rules).toContainEqual({
      type: 'required_status_checks',
      parameters: {
        strict_required_status_checks_policy: false,
        required_status_checks: [{ context: 'Summary' }],
      },
    });
    expect(standin.actions().workflow).toEqual({
      default_workflow_permissions: 'read',
      can_approve_pull_request_reviews: false,
    });
    expect(lines.join('\n')).not.toContain(SONAR);
    expect(lines.join('\n')).not.toContain('MIIEexample');
  });

  it('changes nothing on a second run, and only what differs after an output changed', async () => {
    expect(await run()).toBe(0);
    const after = standin.requests.length;
    expect(await run()).toBe(0);
    expect(standin.requests.slice(after).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(lines).toEqual([`${REPO}: every setting already as wanted, nothing changed`]);

    const outputs = envOutputs('prod');
    await writeFile(
      join(dir, 'prod.json'),
      tf({ ...outputs, release_role_arn: 'arn:aws:iam::123456789012:role/new' }),
    );
    const before = standin.requests.length;
    expect(await run()).toBe(0);
    expect(standin.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([
      'PATCH /repos/acme/shop/environments/production/variables/AWS_RELEASE_ROLE_ARN',
    ]);
    expect(lines).toEqual(['variable AWS_RELEASE_ROLE_ARN (environment production): updated']);
  });

  it('keeps an existing secret unless asked to replace it', async () => {
    expect(await run()).toBe(0);
    const before = standin.requests.length;
    expect(await run([], { SONAR_TOKEN: 'rotated' })).toBe(0);
    expect(standin.secret('SONAR_TOKEN')).toBe(SONAR);
    expect(await run(['--update-secrets'], { SONAR_TOKEN: 'rotated' })).toBe(0);
    expect(standin.secret('SONAR_TOKEN')).toBe('rotated');
    expect(
      standin.requests.slice(before).filter((r) => r.startsWith('PUT /repos/acme/shop/actions/secrets/')),
    ).toEqual(['PUT /repos/acme/shop/actions/secrets/SONAR_TOKEN']);
  });

  it('--dry-run prints each call, secrets as ***, and sends none', async () => {
    expect(await run(['--dry-run'])).toBe(0);
    expect(writes()).toEqual([]);
    const text = lines.join('\n');
    expect(text).toContain(
      'POST /repos/acme/shop/actions/variables {"name":"AWS_REGION","value":"eu-central-1"}',
    );
    expect(text).toContain(
      'PUT /repos/acme/shop/environments/production/secrets/GH_APP_PRIVATE_KEY {"encrypted_value":"***","key_id":"***"}',
    );
    expect(text).toContain('PUT /repos/acme/shop/actions/permissions/workflow');
    expect(text).not.toContain(SONAR);
    expect(text).not.toContain('MIIEexample');
    expect(lines.filter((l) => l.startsWith('would: '))).toHaveLength(lines.length / 2);
  });

  it('refuses bad input before any write, naming what is wrong', async () => {
    await writeFile(join(dir, 'app.pem'), '\n');
    expect(await run()).toBe(2);
    expect(errors).toEqual([
      'github:setup: secret GH_APP_PRIVATE_KEY (environment dev) is not set on GitHub and not given: give --app-key-file FILE, GH_APP_PRIVATE_KEY_FILE=FILE or GH_APP_PRIVATE_KEY; secret GH_APP_PRIVATE_KEY (environment production) is not set on GitHub and not given: give --app-key-file FILE, GH_APP_PRIVATE_KEY_FILE=FILE or GH_APP_PRIVATE_KEY',
    ]);
    await writeFile(join(dir, 'app.pem'), APP_KEY);
    expect(await run(['--app-key', 'inline-value'])).toBe(2);
    expect(errors[0]).toMatch(/^github:setup: unexpected argument "--app-key"/);

    await writeFile(join(dir, 'dev.json'), tf({ region: 'eu-central-1' }));
    expect(await run()).toBe(2);
    expect(errors[0]).toContain('ci_role_arn is missing or empty');
    await writeFile(join(dir, 'dev.json'), tf(envOutputs('dev')));

    await writeFile(join(dir, 'values.json'), JSON.stringify({ repository: 'acme', reviewers: [] }));
    expect(await run()).toBe(2);
    expect(errors[0]).toContain('repository: expected owner/name');
    expect(errors[0]).toContain('reviewers: Too small');
    expect(writes()).toEqual([]);
  });

  it('sets up a repository without SonarCloud (pr.yml then skips it with a notice)', async () => {
    const values = JSON.parse(await readFile(join(dir, 'values.json'), 'utf8')) as Record<string, unknown>;
    delete values.sonarOrganization;
    delete values.sonarProjectKey;
    await writeFile(join(dir, 'values.json'), JSON.stringify(values));
    expect(await run([], { SONAR_TOKEN: '' })).toBe(0);
    expect(errors.filter((e) => !e.startsWith('warning: .github/CODEOWNERS'))).toEqual([]);
    expect(standin.variable('SONAR_ORGANIZATION')).toBeUndefined();
    expect(standin.secret('SONAR_TOKEN')).toBeUndefined();
    expect(standin.variable('GH_APP_CLIENT_ID')).toBe('Iv23liAbc');
  });

  it('reports GitHub refusing the token', async () => {
    expect(await run([], { GITHUB_TOKEN: 'wrong' })).toBe(1);
    expect(errors[0]).toMatch(/GitHub answered 401 Bad credentials/);
    expect(writes()).toEqual([]);
  });
});
