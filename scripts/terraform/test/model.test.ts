// The model's reading of one root applied per environment: which var-files count, one view per environment
// with its own values (its file over the auto files, as -var-file does), and a for_each instance's
// `each.key` / `each.value` filled into a block.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadTree, varFileKind } from '../hcl.js';
import {
  environmentRoots,
  environmentViews,
  expression,
  resolve,
  resolveSourced,
  withEach,
} from '../model.js';

const scratch = mkdtempSync(join(tmpdir(), 'tf-model-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'root-'));
  for (const [path, text] of Object.entries(files)) {
    const abs = join(root, path);
    rmSync(abs, { force: true });
    writeFileSync(abs, text);
  }
  return root;
}

describe('var-files', () => {
  it('are an environment file (<env>.tfvars), an auto file, or not read (the operator’s own)', () => {
    expect(varFileKind('dev.tfvars')).toEqual({ environment: 'dev' });
    expect(varFileKind('prod.tfvars.json')).toEqual({ environment: 'prod' });
    expect(varFileKind('services.auto.tfvars.json')).toEqual({ environment: undefined });
    expect(varFileKind('terraform.tfvars')).toBeUndefined();
    expect(varFileKind('dev.local.tfvars')).toBeUndefined();
    expect(varFileKind('dev.local.tfvars.example')).toBeUndefined();
  });

  it('give each environment its own values, its file over the auto files, the default otherwise', async () => {
    const root = write({
      'main.tf': [
        'variable "database" {\n  type = object({ deletion_protection = bool })\n}\n',
        'variable "replicas" {\n  type    = number\n  default = 1\n}\n',
        'variable "services" {\n  type    = set(string)\n  default = []\n}\n',
      ].join('\n'),
      'dev.tfvars': 'database = { deletion_protection = false }\nreplicas = 2\n',
      'prod.tfvars': '# prod\nreplicas = 3\n\ndatabase = {\n  deletion_protection = true\n}\n',
      'services.auto.tfvars.json':
        '{"//": "a comment Terraform skips", "services": ["a", "b"], "replicas": 9}',
      'dev.local.tfvars': 'replicas = 100\n',
    });
    const { tree, findings } = await loadTree(root, scratch);
    expect(findings).toEqual([]);
    expect(environmentRoots(tree)).toEqual(['.']);
    const [dev, prod] = environmentViews(tree);
    expect([dev?.environment, prod?.environment]).toEqual(['dev', 'prod']);
    const value = (view: typeof dev, path: string) => resolve(view as typeof tree, '.', expression(path));
    expect(value(dev, 'var.database.deletion_protection')).toBe(false);
    expect(value(prod, 'var.database.deletion_protection')).toBe(true);
    expect(value(dev, 'var.replicas')).toBe(2);
    expect(value(prod, 'var.services')).toEqual(['a', 'b']);
    // The auto file's value where no environment file sets it: the tree outside any view.
    expect(value(tree, 'var.replicas')).toBe(9);
    // Where a value is written: the environment's file, at the line of its key.
    const where = resolveSourced(prod as typeof tree, '.', expression('var.database.deletion_protection'));
    expect(where).toEqual({ value: true, file: expect.stringMatching(/prod\.tfvars$/), line: 5 });
  });

  it('that do not parse are a finding, and the tree without environment files has one view', async () => {
    const root = write({ 'main.tf': 'variable "x" {\n  type = string\n}\n', 'x.auto.tfvars.json': '{"x": ' });
    const { tree, findings } = await loadTree(root, scratch);
    expect(findings.map((f) => [f.rule, f.file.endsWith('x.auto.tfvars.json')])).toEqual([['parse', true]]);
    expect(environmentViews(tree)).toEqual([tree]);
  });
});

describe('withEach', () => {
  const instance = { key: 'orders/orders-events', value: { service: 'orders', queue: 'orders-events' } };

  it('fills each.key and each.value into a block: whole values, template parts and references', () => {
    expect(
      withEach(
        {
          name: `\${var.name}-\${each.value.service}-send-\${each.value.queue}`,
          role: `\${aws_iam_role.this[each.value.service].id}`,
          resources: [`\${var.queues[each.value.queue].arn}`],
          key: `\${each.key}`,
          all: `\${each.value}`,
          unknown: `\${each.value.missing}`,
        },
        instance,
      ),
    ).toEqual({
      name: `\${var.name}-orders-send-orders-events`,
      role: `\${aws_iam_role.this["orders"].id}`,
      resources: [`\${var.queues["orders-events"].arn}`],
      key: 'orders/orders-events',
      all: instance.value,
      unknown: `\${each.value.missing}`,
    });
  });
});
