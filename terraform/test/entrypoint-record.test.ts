// infra.yml never destroys what `npm run up` made. Both apply the same configuration, but up passed
// `-var=create_alias_record=…` and infra.yml did not, so a merge to main planned to delete
// the entrypoint's DNS record. Now the record follows the ALB itself, and no apply passes a variable the other
// does not. Read with HashiCorp's HCL parser (@cdktf/hcl2json) and from the two callers' definitions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { environments, upPlan } from '../../scripts/environment/plan.js';
import { renderCommand } from '../../scripts/environment/steps.js';
import { infra } from '../../workflows/infra.js';

const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  file: string,
  text: string,
) => Promise<Record<string, unknown>>;
const ROOT = join(import.meta.dirname, '..');
type Block = Record<string, unknown>;
const load = async (path: string) => (await parse(path, readFileSync(join(ROOT, path), 'utf8'))) as Block;
const first = (blocks: unknown, type: string, name: string): Block | undefined =>
  ((blocks as Record<string, Record<string, Block[]>> | undefined)?.[type]?.[name] ?? [])[0];

const dns = await load('modules/dns/main.tf');
const dnsVariables = await load('modules/dns/variables.tf');
const locals: Block = Object.assign({}, ...((dns.locals ?? []) as Block[]));

describe('the entrypoint record follows the ALB, not a variable', () => {
  const record = first(dns.resource, 'aws_route53_record', 'this');

  it('exists exactly when the lookup by the Ingress tags finds the ALB', () => {
    expect(record?.count).toBe(`\${local.entrypoint_alb == null ? 0 : 1}`);
    expect(locals.entrypoint_alb).toBe(`\${one(data.aws_lbs.entrypoint.arns)}`);
    const lookup = first(dns.data, 'aws_lbs', 'entrypoint');
    expect(lookup?.tags).toEqual({
      'elbv2.k8s.aws/cluster': `\${var.cluster_name}`,
      'ingress.k8s.aws/stack': `\${var.ingress_stack}`,
    });
  });

  it('no variable decides it', () => {
    expect(String(record?.count)).not.toMatch(/var\./);
    const names = Object.keys((dnsVariables.variable ?? {}) as Block);
    expect(names).not.toContain('create_alias_record');
  });

  it.each(environments)(
    '%s: the lookup is read at plan time (no argument waits on a module output)',
    async () => {
      const main = await load('environment/main.tf');
      const call = (main.module as Record<string, Block[]>).dns?.[0];
      expect(call?.cluster_name).toBe(`\${local.name}`);
      for (const key of ['cluster_name', 'ingress_stack'])
        expect([key, String(call?.[key])]).not.toEqual([key, expect.stringContaining('module.')]);
      // The cluster module is created with that same name.
      expect((main.module as Record<string, Block[]>).cluster?.[0]?.name).toBe(`\${local.name}`);
    },
  );
});

describe('npm run up and infra.yml apply the same inputs', () => {
  const script = JSON.stringify(infra.jobs);
  const infraVars = new Set([...script.matchAll(/TF_VAR_(\w+)/g)].map((m) => m[1]));

  it.each(environments)('%s: every -var= and -var-file= up passes, infra.yml passes too', (env) => {
    const applies = upPlan(env)
      .map(renderCommand)
      .filter((c) =>
        c.startsWith(`env TF_DATA_DIR=.terraform/${env} terraform -chdir=terraform/environment apply`),
      );
    expect(applies.length).toBeGreaterThan(0);
    const upVars = new Set(applies.flatMap((c) => [...c.matchAll(/-var[= ]'?(\w+)=/g)].map((m) => m[1])));
    expect(upVars.size).toBeGreaterThan(0);
    for (const name of upVars) expect([name, infraVars.has(name)]).toEqual([name, true]);
    // The same var-files, the environment's name in infra.yml being $ENVIRONMENT.
    const upFiles = applies.flatMap((c) => [...c.matchAll(/-var-file=(\S+)/g)].map((m) => m[1]));
    // The environment's settings; the platform's values are the auto file Terraform loads in either.
    expect(new Set(upFiles)).toEqual(new Set([`${env}.tfvars`]));
    for (const file of new Set(upFiles))
      expect(script).toContain(`-var-file=\\"${String(file).replace(env, '$ENVIRONMENT')}\\"`);
  });
});
