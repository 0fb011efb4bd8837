// CKV_AWS_358 (policy documents) and CKV_AWS_393 (an aws_iam_role's inline trust policy): a statement that
// lets GitHub's OIDC provider assume a role must limit the token's `sub` claim to a repository. Without a
// sub condition any repository on GitHub can assume the role; `*`, `repo:*` or `repo:org*` admit other
// owners; a sub that starts with a claim other than repo (environment, ref, workflow, ...) holds for any
// repository that has such an environment, branch or workflow. The project's stricter rule (aud, one exact
// subject, StringEquals) is github-oidc-subject.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { conditionValues, githubTrusts } from '../github-trust.js';
import type { TfTree } from '../hcl.js';
import { at } from '../problems.js';

const subClaim = /^token\.actions\.githubusercontent\.com(?:\/[A-Za-z0-9_-]+)?:sub$/;
/** Claims a subject may not start with: each holds across repositories. */
const crossRepositoryClaims = ['workflow', 'environment', 'ref', 'context', 'head_ref', 'base_ref'];
/** `owner/repo` (or a `${var}` owner): the repository part of `repo:<owner>/<repo>`. */
const repositoryShape = /^(\$\{)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\})?\/[^/]+/;

/** Why a sub value admits more than one repository, or undefined when it names one. */
export function unsafeSubject(value: string): string | undefined {
  if (value === '*') return 'is "*": any repository on GitHub';
  const claims = value.split(':');
  if (claims.length === 1) return 'names a claim without a value';
  if (claims[1] === '*') return `accepts any ${claims[0]}`;
  const first = claims[0] ?? '';
  const cross = crossRepositoryClaims.find((c) => first.startsWith(c));
  if (cross) return `starts with the ${cross} claim, which any repository can satisfy`;
  if (first === 'repo' && !repositoryShape.test(claims[1] ?? '') && !(claims[1] ?? '').startsWith('${'))
    return `does not name an owner/repository (${claims[1]})`;
  return undefined;
}

export const githubOidcTrust = defineCheck<TfTree>({
  id: 'github-oidc-trust',
  standsFor: ['CKV_AWS_358', 'CKV_AWS_393'],
  summary:
    "a statement trusting GitHub's OIDC provider has a condition on the token's sub claim naming a repository (not *, not repo:*, not a bare environment/ref/workflow claim)",
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, statement: st, keys, on } of githubTrusts(tree)) {
      const id = on === 'document' ? 'CKV_AWS_358' : 'CKV_AWS_393';
      const fail = (m: string) => problems.push(at(block, `statement ${st.sid}: ${m} [${id}]`));
      if (st.conditions.length === 0) {
        fail('trusts GitHub without any condition: every repository on GitHub can assume the role');
        continue;
      }
      const subs = st.conditions.filter((_, i) => subClaim.test(keys[i] ?? ''));
      if (subs.length === 0) {
        fail("no condition on the token's sub claim: every repository on GitHub can assume the role");
        continue;
      }
      for (const c of subs)
        for (const value of conditionValues(tree, block, c.values)) {
          const why = unsafeSubject(value);
          if (why) fail(`sub ${JSON.stringify(value)} ${why}`);
        }
    }
    return problems;
  },
});
