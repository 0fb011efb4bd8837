// No policy allows the action "*" (every action of every service), even on named resources. CKV_AWS_49
// for policy documents, CKV_AWS_63 for JSON on a policy resource.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { identityPolicies } from '../policy.js';
import { at } from '../problems.js';

export const iamStarAction = defineCheck<TfTree>({
  id: 'iam-star-action',
  standsFor: ['CKV_AWS_49', 'CKV_AWS_63'],
  summary: 'no IAM policy statement allows the action "*" (or "*:*")',
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, policy, on } of identityPolicies(tree)) {
      const id = on === 'document' ? 'CKV_AWS_49' : 'CKV_AWS_63';
      for (const st of policy.statements)
        if (st.effect === 'Allow' && !st.notActions && st.actions.some((a) => a === '*' || a === '*:*'))
          problems.push(
            at(block, `statement ${st.sid} allows the action "*": every action of every service [${id}]`),
          );
    }
    return problems;
  },
});
