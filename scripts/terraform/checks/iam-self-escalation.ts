// A role must not be able to raise its own permissions through the resources it may manage: change its own
// policies or trust, create roles its own name pattern covers without a permissions boundary (a sibling
// with AdministratorAccess, then assume it), pass such roles, or pass any role at all (iam:PassRole on
// "*"). checkov has no such check (its privilege-escalation check only reads "*" resources): this is the
// project's own rule, read from the role's inline, attached and aws_iam_role_policy policies alike.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { allows, unrestricted } from '../policy.js';
import { at } from '../problems.js';
import { allowsOnRole, roleGrants } from '../role-policies.js';

/** Actions that change what a role may do or who may assume it. */
export const selfChanging = [
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

export const iamSelfEscalation = defineCheck<TfTree>({
  id: 'iam-self-escalation',
  summary:
    'no role may change its own policies or trust, create roles matching its own name without a required permissions boundary, pass roles matching its own name, or pass any role (iam:PassRole on "*")',
  run(tree) {
    const problems: Problem[] = [];
    for (const { role, key, name, statements } of roleGrants(tree)) {
      const label = key === undefined ? '' : `[${JSON.stringify(key)}] `;
      const fail = (m: string) => problems.push(at(role, `${label}${m}`));
      const passAny = statements.some(
        (s) => s.principals.length === 0 && allows(s, 'iam:PassRole') && unrestricted(s),
      );
      if (passAny)
        fail(
          'allows iam:PassRole on "*": it can hand any role of the account, administrators included, to a service it runs',
        );
      const own = selfChanging.filter((a) => allowsOnRole(statements, a, name));
      if (own.length > 0)
        fail(`can change its own permissions: ${own.join(', ')} reach its own name ${JSON.stringify(name)}`);
      if (allowsOnRole(statements, 'iam:CreateRole', name, false))
        fail(
          `can create roles matching its own name ${JSON.stringify(name)} without a required permissions boundary (iam:PermissionsBoundary)`,
        );
      if (!passAny && allowsOnRole(statements, 'iam:PassRole', name))
        fail(`can pass roles matching its own name ${JSON.stringify(name)}, itself included`);
    }
    return problems;
  },
});
