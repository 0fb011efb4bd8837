// The GitHub roles as configured: who may assume each (the `sub` a job of infra.yml gets must be the one its
// role trusts, and no other), and what a pull request's plan may read. Read from the .tf files with
// HashiCorp's HCL parser, evaluated for the values each environment's var-file gives.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { infra } from '../../workflows/infra.js';

// Untyped, as scripts/terraform/hcl.ts loads it: its typings pull in the DOM lib, which breaks fetch's types.
const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  file: string,
  text: string,
) => Promise<Record<string, unknown>>;
const ROOT = join(import.meta.dirname, '..');
const REPOSITORY = 'acme/shop';

type Block = Record<string, unknown>;
interface Statement {
  sid: string;
  effect?: string;
  actions: string[];
  resources?: string[];
  not_resources?: string[];
}

async function load(path: string): Promise<Block> {
  return (await parse(path, readFileSync(join(ROOT, path), 'utf8'))) as Block;
}

const github = await load('modules/identity/github.tf');
const locals: Block = Object.assign({}, ...(github.locals as Block[]));
const policy = (name: string): Statement[] => {
  const data = (github.data as Record<string, Record<string, Block[]>>).aws_iam_policy_document;
  const statements = (data?.[name]?.[0]?.statement ?? []) as Statement[];
  // A statement's actions may be a local list: resolve it.
  return statements.map((s) => {
    const local = /^\$\{local\.(\w+)\}$/.exec(String(s.actions));
    return local ? { ...s, actions: locals[local[1] as string] as string[] } : s;
  });
};
const evaluate = (text: string, vars: Record<string, string>) =>
  text.replace(/\$\{var\.(\w+)\}/g, (_, name: string) => vars[name] ?? `<unset ${name}>`);

describe('Terraform apply roles', () => {
  const subjects = locals.github_subjects as Record<string, string>;
  const apply = infra.jobs.apply;

  it("trust, per environment, exactly the sub of infra.yml's apply leg for that environment", async () => {
    const environment = apply?.environment;
    expect(typeof environment).toBe('string');
    const legs = (apply?.strategy?.matrix.environment ?? []) as readonly string[];
    expect(legs).toEqual(['dev', 'prod']);
    const trusted: string[] = [];
    const main = await load('environment/main.tf');
    // The one root passes the environment it is applied for to the module (var.environment) ...
    const identity = (main.module as Record<string, Block[]>).identity?.[0];
    expect(identity?.environment).toBe(`\${var.environment}`);
    for (const env of legs) {
      // ... which the environment's own var-file (infra.yml's -var-file=<env>.tfvars) sets to its name.
      const settings = await load(`environment/${env}.tfvars`);
      expect(settings.environment).toBe(env);
      expect(JSON.stringify(infra.jobs)).toContain('-var-file=\\"$ENVIRONMENT.tfvars\\"');

      const role = evaluate(subjects.terraform as string, {
        github_repository: REPOSITORY,
        environment: env,
      });
      const job = `repo:${REPOSITORY}:environment:${String(environment).replace(`\${{ matrix.environment }}`, env)}`;
      expect(role).toBe(job);
      trusted.push(role);
    }
    expect(new Set(trusted).size).toBe(legs.length);
  });

  it('share no sub with another role', () => {
    const values = Object.values(subjects).map((s) =>
      evaluate(s, { github_repository: REPOSITORY, environment: 'dev' }),
    );
    expect(new Set(values).size).toBe(values.length);
  });
});

describe("a pull request's plan role", () => {
  const statements = policy('github_pr');
  const allows = statements.filter((s) => s.effect !== 'Deny');
  const denies = statements.filter((s) => s.effect === 'Deny');
  const allowed = allows.flatMap((s) =>
    s.actions.map((action) => ({ action, resources: s.resources ?? [] })),
  );

  it('has no managed policy (ReadOnlyAccess reads S3 objects, log events and parameter values)', () => {
    expect(Object.keys(locals.github_managed_policies as Block)).not.toContain('pr');
  });

  it('may only describe, list and get: no write of any kind, not even the state lock', () => {
    expect(allowed.length).toBeGreaterThan(10);
    for (const { action } of allowed)
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z*]*$|^kms:Decrypt$/);
  });

  it('reads objects, decrypts and reads parameters only where plan must', () => {
    const on = (action: string) => allowed.filter((a) => a.action === action).flatMap((a) => a.resources);
    expect(on('s3:GetObject')).toEqual([`\${var.state_bucket_arn}/*`]);
    expect(on('kms:Decrypt')).toEqual([`\${var.state_kms_key_arn}`]);
    expect(on('ssm:GetParameter')).toEqual([expect.stringMatching(/:parameter\/aws\/service\/\*$/)]);
    for (const { action, resources } of allowed)
      if (resources.includes('*'))
        expect([action, (locals.github_pr_data_reads as string[]).includes(action)]).toEqual([action, false]);
  });

  it('is denied data reads whatever else gets attached', () => {
    const deniedEverywhere = denies.filter((s) => s.resources?.includes('*')).flatMap((s) => s.actions);
    for (const action of [
      'logs:GetLogEvents',
      'logs:FilterLogEvents',
      'logs:StartQuery',
      'secretsmanager:GetSecretValue',
      'sqs:ReceiveMessage',
      'ssm:GetParametersByPath',
      'dynamodb:Scan',
    ])
      expect(deniedEverywhere).toContain(action);
    const deniedBut = (action: string) => denies.find((s) => s.actions.includes(action))?.not_resources;
    expect(deniedBut('s3:GetObject*')).toEqual([`\${var.state_bucket_arn}/*`]);
    expect(deniedBut('kms:Decrypt')).toEqual([`\${var.state_kms_key_arn}`]);
    expect(deniedBut('ssm:GetParameter*')).toEqual([expect.stringMatching(/:parameter\/aws\/service\/\*$/)]);
  });

  it('is used by plans that take no lock', () => {
    const plan = infra.jobs.plan?.steps.find((s) => s.name === 'Plan');
    expect(plan?.run).toMatch(/terraform -chdir="\$dir" plan [^\n]*-lock=false/);
  });
});
