import { expect, it } from '@jest/globals';
import { policyReadable } from '../policy-readable.js';
import { checksTheRealTree, problemsOf, treeOf } from './fixture.js';

checksTheRealTree(policyReadable);

it('reports a policy read from a file and a statement whose actions come from an unknown variable', async () => {
  const tree = await treeOf({
    'main.tf': `resource "aws_iam_policy" "from_file" {
  policy = file("policy.json")
}

resource "aws_iam_role_policy" "unknown_actions" {
  role = "r"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

resource "aws_iam_policy" "known" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
`,
  });
  const problems = await problemsOf(policyReadable, tree);
  expect(problems.map((p) => `${p.line}: ${p.message.split(',')[0]}`)).toEqual([
    '1: aws_iam_policy.from_file: the policy cannot be read here',
    '5: aws_iam_role_policy.unknown_actions: the policy has parts that cannot be read here',
  ]);
});
