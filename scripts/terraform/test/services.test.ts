// Adding a service is one file: a third service declared in a scratch copy of the repository (an http-api
// `returns`, sending to a queue of its own), derived as `npm run derive` would, gives it an ECR
// repository, an IRSA role allowed exactly what it declares on exactly its queue, and the queue with its DLQ,
// with no line of Terraform written for it; and check:terraform finds nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { scratchTerraformRepository } from '../../lib/scratch-repository.js';
import { checkTerraform } from '../check.js';
import { DERIVED_BOOTSTRAP_INPUTS, DERIVED_ENVIRONMENT_INPUTS } from '../derive.js';
import { terraformFmt } from '../format.js';
import { loadTree, type TfTree } from '../hcl.js';
import {
  type Block,
  dataSources,
  environmentViews,
  forEachInstances,
  interpolate,
  interpolateFromCallers,
  modules,
  resources,
  withEach,
} from '../model.js';
import { documentPolicy } from '../policy.js';
import { roleGrants } from '../role-policies.js';

const RETURNS = { name: 'returns', queue: 'returns-events', direction: 'send' } as const;

let scratch: ReturnType<typeof scratchTerraformRepository>;
let views: TfTree[];
beforeAll(async () => {
  scratch = scratchTerraformRepository([RETURNS]);
  const { tree, findings } = await loadTree(join(scratch.root, 'terraform'), scratch.root);
  expect(findings).toEqual([]);
  views = environmentViews(tree);
});
afterAll(() => scratch.remove());

/** A name template as Terraform would fill it in this view: locals and the module's callers followed. */
function named(view: TfTree, block: Block, template: unknown, key: string): string[] {
  const dir = block.file.dir;
  let text = String(withEach(template, { key, value: key }));
  for (let i = 0; i < 4; i++) text = interpolate(view, dir, text);
  return interpolateFromCallers(view, dir, text).map((s) => {
    let v = String(s.value);
    for (let i = 0; i < 4; i++) v = interpolate(view, '.', v);
    return v;
  });
}

describe('a service declared in services/returns/score.yaml', () => {
  it('is in the derived inputs of both roots, with its queue and its one use of it', () => {
    expect(scratch.catalogue.names).toEqual(['inventory', 'orders', 'pricing', 'returns', 'storefront']);
    const bootstrap = JSON.parse(readFileSync(join(scratch.root, DERIVED_BOOTSTRAP_INPUTS), 'utf8'));
    expect(bootstrap.services).toEqual(['inventory', 'orders', 'pricing', 'returns', 'storefront']);
    const environment = JSON.parse(readFileSync(join(scratch.root, DERIVED_ENVIRONMENT_INPUTS), 'utf8'));
    expect(environment.queues).toEqual(['inventory-events', 'orders-events', 'returns-events']);
    expect(environment.queue_senders['returns/returns-events']).toEqual({
      service: 'returns',
      queue: 'returns-events',
    });
    expect(Object.values(environment.queue_receivers)).not.toContainEqual(
      expect.objectContaining({ service: 'returns' }),
    );
  });

  it.each(['dev', 'prod'])(
    '%s: gets its ECR repository shop/returns, which the environment looks up',
    (env) => {
      const view = views.find((v) => v.environment === env) as TfTree;
      const repository = resources(view, 'aws_ecr_repository').find((r) => r.file.dir === 'modules/registry');
      const keys = forEachInstances(view, repository as Block)?.map((i) => i.key);
      expect(keys).toEqual(['inventory', 'orders', 'pricing', 'returns', 'storefront']);
      expect(named(view, repository as Block, repository?.body.name, 'returns')).toEqual(['shop/returns']);
      const lookup = dataSources(view, 'aws_ecr_repository').find((d) => d.file.dir === 'environment');
      expect(forEachInstances(view, lookup as Block)?.map((i) => i.key)).toContain('returns');
      expect(named(view, lookup as Block, lookup?.body.name, 'returns')).toEqual(['shop/returns']);
    },
  );

  it.each(['dev', 'prod'])(
    '%s: gets its queue and DLQ shop-<env>-returns-events, with their alarms',
    (env) => {
      const view = views.find((v) => v.environment === env) as TfTree;
      const messaging = modules(view).find((m) => m.name === 'messaging') as Block;
      expect(forEachInstances(view, messaging)?.map((i) => i.key)).toEqual([
        'inventory-events',
        'orders-events',
        'returns-events',
      ]);
      expect(named(view, messaging, messaging.body.name, 'returns-events')).toEqual([
        `shop-${env}-returns-events`,
      ]);
      // The module makes <name>.fifo and <name>-dlq.fifo; the alarms iterate over the same queues.
      const observability = modules(view).find((m) => m.name === 'observability') as Block;
      expect(String(observability.body.queues)).toMatch(/for id, queue in module\.messaging/);
    },
  );

  it.each(['dev', 'prod'])(
    '%s: gets its role shop-<env>-returns, trusted by its service account only, allowed exactly its send',
    (env) => {
      const view = views.find((v) => v.environment === env) as TfTree;
      const roles = roleGrants(view).filter(
        (g) => g.role.file.dir === 'modules/identity' && g.role.name === 'this' && g.key,
      );
      expect(roles.map((r) => r.key)).toEqual(['inventory', 'orders', 'pricing', 'returns', 'storefront']);
      const returns = roles.find((r) => r.key === 'returns');
      expect(named(view, returns?.role as Block, returns?.name, 'returns')).toEqual([`shop-${env}-returns`]);
      // Exactly what a sender needs, on its own queue and key: nothing on inventory's queue, no receive.
      const granted = returns?.statements.flatMap((s) =>
        s.actions.map((a) => `${a} on ${s.resources.join()}`),
      );
      expect(granted?.sort()).toEqual(
        [
          `kms:Decrypt on \${var.queues["returns-events"].kms_key_arn}`,
          `kms:GenerateDataKey on \${var.queues["returns-events"].kms_key_arn}`,
          `sqs:GetQueueAttributes on \${var.queues["returns-events"].arn}`,
          `sqs:SendMessage on \${var.queues["returns-events"].arn}`,
        ].sort(),
      );
      expect(returns?.unknown).toBe(false);
      const trust = dataSources(view, 'aws_iam_policy_document').find((d) => d.name === 'service_trust');
      const instance = forEachInstances(view, trust as Block)?.find((i) => i.key === 'returns');
      const sub = documentPolicy(view, trust as Block, instance)
        .statements.flatMap((s) => s.conditions)
        .find((c) => c.variable.endsWith(':sub'));
      expect(sub?.values.flatMap((v) => named(view, trust as Block, v, 'returns'))).toEqual([
        `system:serviceaccount:shop-${env}:returns`,
      ]);
    },
  );

  it('passes check:terraform with no finding (terraform fmt included)', async () => {
    const fmt = await terraformFmt(join(scratch.root, 'terraform'));
    if (!fmt.ran && process.env.CI === 'true') throw new Error('terraform is not on PATH (CI=true: failing)');
    const result = await checkTerraform('terraform', { cwd: scratch.root, skipFormat: !fmt.ran });
    expect(result.findings).toEqual([]);
  });
});
