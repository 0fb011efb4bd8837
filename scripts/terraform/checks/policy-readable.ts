// A policy the checks cannot read is reported, never taken as safe: `file(...)`, `templatefile(...)`, a
// variable the tree does not know, or a statement with such a part. The IAM checks judge what they read;
// this check says where they could not.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, resources } from '../model.js';
import { identityPolicies, type Policy, policiesOfBlock } from '../policy.js';
import { at } from '../problems.js';
import { policyHolders } from './public-resource-policy.js';

export const policyReadable = defineCheck<TfTree>({
  id: 'policy-readable',
  summary:
    'every IAM, trust and resource policy can be read here (a document, jsonencode or JSON, with references the tree resolves): an unreadable one is reported, never passed',
  run(tree) {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    const report = (block: Block, what: string, policy: Policy) => {
      const unreadable =
        policy.unknown && policy.statements.length === 0
          ? 'cannot be read here'
          : policy.unknown || policy.statements.some((s) => s.unknown)
            ? 'has parts that cannot be read here'
            : undefined;
      const key = `${block.file.display}:${block.type}.${block.name}:${what}`;
      if (!unreadable || seen.has(key)) return;
      seen.add(key);
      problems.push(
        at(
          block,
          `${what} ${unreadable}, so no check could judge it: write it as an aws_iam_policy_document or jsonencode with values the tree knows`,
        ),
      );
    };
    for (const { block, policy } of identityPolicies(tree)) report(block, 'the policy', policy);
    for (const role of resources(tree, 'aws_iam_role'))
      for (const policy of policiesOfBlock(tree, role, 'assume_role_policy'))
        report(role, 'assume_role_policy', policy);
    for (const [type] of policyHolders)
      for (const block of resources(tree, type))
        for (const policy of policiesOfBlock(tree, block, 'policy')) report(block, 'the policy', policy);
    return problems;
  },
});
