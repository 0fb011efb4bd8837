// No policy grants every action on every resource ("*" on "*"): that is administrator access, whatever the
// role was meant for. CKV_AWS_1 for policy documents, CKV_AWS_62 for JSON on a policy resource.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { allows, identityPolicies, type Statement, unrestricted } from '../policy.js';
import { at } from '../problems.js';

/**
 * Every action: "*" or "*:*", or a NotAction whose exceptions leave IAM writes in (a NotAction of iam:*,
 * PowerUserAccess's shape, is not administrator: it cannot grant itself more).
 */
const everything = (st: Statement) =>
  st.notActions
    ? allows(st, 'iam:PutRolePolicy') && allows(st, 's3:GetObject')
    : st.actions.some((a) => a === '*' || a === '*:*');

export const iamAdminAccess = defineCheck<TfTree>({
  id: 'iam-admin-access',
  standsFor: ['CKV_AWS_1', 'CKV_AWS_62'],
  summary:
    'no IAM policy allows every action ("*", "*:*", or a NotAction that leaves IAM writes in) on every resource',
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, policy, on } of identityPolicies(tree)) {
      const id = on === 'document' ? 'CKV_AWS_1' : 'CKV_AWS_62';
      for (const st of policy.statements)
        if (st.effect === 'Allow' && st.principals.length === 0 && everything(st) && unrestricted(st))
          problems.push(
            at(
              block,
              `statement ${st.sid} allows every action on every resource: administrator access [${id}]`,
            ),
          );
    }
    return problems;
  },
});
