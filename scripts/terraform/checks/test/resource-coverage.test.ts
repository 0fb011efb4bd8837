import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { checkedTypes, resourceCoverage } from '../resource-coverage.js';
import { checksTheRealTree, problemsOf, treeOf } from './fixture.js';

checksTheRealTree(resourceCoverage);

it('lists exactly the resource types the checks and their IAM readers name', () => {
  const dir = join(import.meta.dirname, '..');
  const sources = [
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'resource-coverage.ts')
      .map((f) => join(dir, f)),
    ...['policy.ts', 'role-policies.ts', 'github-trust.ts'].map((f) => join(dir, '..', f)),
  ];
  const named = new Set(
    sources.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/'(aws_[a-z0-9_]+)'/g)].map((m) => m[1] as string),
    ),
  );
  named.delete('aws_iam_policy_document'); // a data source
  expect([...checkedTypes].sort()).toEqual([...named].sort());
});

it('reports a plain resource of an unread type and an unrecorded registry module', async () => {
  const tree = await treeOf({
    'main.tf': `resource "aws_lambda_function" "f" {
  function_name = "f"
}

module "bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 5.0"
}
`,
  });
  const problems = await problemsOf(resourceCoverage, tree);
  expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
    '1: aws_lambda_function.f: no check reads aws_lambda_function: it is unchecked (add a check, or review it in resource-coverage.ts)',
    '5: module.bucket: no check reads the module terraform-aws-modules/s3-bucket/aws: it is unchecked (record its inputs in module-inputs.json)',
  ]);
});
