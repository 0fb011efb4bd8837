// This project's GitHub trust, stricter than CKV_AWS_358/393 (github-oidc-trust): StringEquals aud =
// sts.amazonaws.com and StringEquals sub = one exact repo:OWNER/REPO:<claim>, never repo:OWNER/* (any
// repository of the owner) nor a pattern, and each of the project's four roles trusting its own claim.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { conditionValues, githubIssuer, githubTrusts } from '../github-trust.js';
import type { TfTree } from '../hcl.js';
import { type Block, expression, record, resolve } from '../model.js';
import { at } from '../problems.js';

/** The role each subject belongs to: ci pushes from main, pr plans, release tags, terraform applies. */
export const githubSubjects: Readonly<Record<string, string>> = {
  ci: 'ref:refs/heads/main',
  pr: 'pull_request',
  release: 'environment:production',
  deploy: 'environment:dev',
  // Each Terraform environment's apply role trusts only its own GitHub environment.
  terraform: `environment:terraform-${expression('var.environment')}`,
};

const subjectForm = /^repo:(\$\{var\.[a-z_]+\}|[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+):(.+)$/;

/** The subjects a sub condition allows, with the role key when they come from a for_each map. */
function subjectsOf(tree: TfTree, block: Block, values: readonly string[]): [string | undefined, string][] {
  const out: [string | undefined, string][] = [];
  for (const v of values) {
    if (v === expression('each.value')) {
      const map = record(resolve(tree, block.file.dir, block.body.for_each));
      if (!map) out.push([undefined, String(block.body.for_each)]);
      else for (const [role, subject] of Object.entries(map)) out.push([role, String(subject)]);
    } else for (const s of conditionValues(tree, block, [v])) out.push([undefined, s]);
  }
  return out;
}

export const githubOidcSubject = defineCheck<TfTree>({
  id: 'github-oidc-subject',
  summary:
    'GitHub OIDC trust: StringEquals aud = sts.amazonaws.com and StringEquals sub = one exact repo:OWNER/REPO:<main | pull_request | environment:production | environment:dev | environment:terraform-<env>>, matching the role',
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, statement: st, keys } of githubTrusts(tree)) {
      const fail = (message: string) => problems.push(at(block, `statement ${st.sid}: ${message}`));
      const byKey = (claim: string) => st.conditions.filter((_, i) => keys[i] === `${githubIssuer}:${claim}`);

      const aud = byKey('aud');
      if (aud.length === 0) fail(`no condition on ${githubIssuer}:aud`);
      for (const c of aud) {
        const values = conditionValues(tree, block, c.values);
        if (c.test !== 'StringEquals' || JSON.stringify(values) !== JSON.stringify(['sts.amazonaws.com']))
          fail(
            `the aud condition must be StringEquals ["sts.amazonaws.com"], found ${c.test} ${JSON.stringify(values)}`,
          );
      }

      const sub = byKey('sub');
      if (sub.length === 0) {
        fail(`no condition on ${githubIssuer}:sub: a ref or workflow claim alone lets other repositories in`);
        continue;
      }
      for (const c of sub) {
        if (c.test !== 'StringEquals') fail(`the sub condition must use StringEquals, not ${c.test}`);
        const subjects = subjectsOf(tree, block, c.values);
        const roles = subjects.map(([role]) => role).filter((r): r is string => r !== undefined);
        const missing = Object.keys(githubSubjects).filter((r) => !roles.includes(r));
        if (roles.length > 0 && missing.length > 0) fail(`no subject for the role(s) ${missing.join(', ')}`);
        for (const [role, subject] of subjects) {
          const match = subjectForm.exec(subject);
          if (!match || subject.includes('*') || subject.includes('?')) {
            fail(`subject ${JSON.stringify(subject)} is not one exact repo:OWNER/REPO:<claim>`);
            continue;
          }
          const allowed = Object.values(githubSubjects);
          if (!allowed.includes(match[2] ?? '')) {
            fail(`subject ${JSON.stringify(subject)}: the claim must be one of ${allowed.join(', ')}`);
          } else if (
            role !== undefined &&
            githubSubjects[role] !== undefined &&
            githubSubjects[role] !== match[2]
          ) {
            fail(`role ${role} must trust ${githubSubjects[role]}, not ${match[2]}`);
          }
        }
      }
    }
    return problems;
  },
});
