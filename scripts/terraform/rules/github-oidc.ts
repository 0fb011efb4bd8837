// CKV_AWS_358 / CKV_AWS_393: a GitHub Actions trust policy must pin the audience and one exact subject.
// Without the sub condition any repository on GitHub can assume the role; with repo:OWNER/* any repository
// of the owner; a ref or workflow claim alone does not name the repository.
import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { dataSources, expression, interpolate, record, resolve, stringList } from '../model.js';
import { at, type Rule, statements } from './rule.js';

const issuer = 'token.actions.githubusercontent.com';

/** The role each subject belongs to: ci pushes from main, pr plans, release tags, terraform applies. */
export const githubSubjects: Readonly<Record<string, string>> = {
  ci: 'ref:refs/heads/main',
  pr: 'pull_request',
  release: 'environment:production',
  deploy: 'environment:dev',
  // Each Terraform environment's apply role trusts only its own GitHub environment.
  terraform: `environment:terraform-\${var.environment}`,
};

const subjectForm = /^repo:(\$\{var\.[a-z_]+\}|[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+):(.+)$/;

export const githubOidcTrust: Rule = {
  id: 'github-oidc-trust',
  checkov: ['CKV_AWS_358', 'CKV_AWS_393'],
  summary: `GitHub OIDC trust: StringEquals aud = sts.amazonaws.com and StringEquals sub = one exact repo:OWNER/REPO:<main | pull_request | environment:production | environment:dev | environment:terraform-\${var.environment}>, matching the role`,
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const doc of dataSources(tree, 'aws_iam_policy_document')) {
      const dir = doc.file.dir;
      for (const st of statements(doc)) {
        if (!st.actions.includes('sts:AssumeRoleWithWebIdentity')) continue;
        const keys = st.conditions.map((c) => interpolate(tree, dir, String(c.variable ?? '')));
        const federated = JSON.stringify(st.principals);
        if (!keys.some((k) => k.startsWith(`${issuer}:`)) && !/github/i.test(federated)) continue;

        const fail = (message: string) => findings.push(at(doc, this.id, `statement ${st.sid}: ${message}`));
        const byKey = (claim: string) => st.conditions.filter((_, i) => keys[i] === `${issuer}:${claim}`);

        const aud = byKey('aud');
        if (aud.length === 0) fail(`no condition on ${issuer}:aud`);
        for (const c of aud) {
          const values = stringList(tree, dir, c.values);
          if (c.test !== 'StringEquals' || JSON.stringify(values) !== JSON.stringify(['sts.amazonaws.com'])) {
            fail(
              `the aud condition must be StringEquals ["sts.amazonaws.com"], found ${c.test} ${JSON.stringify(values)}`,
            );
          }
        }

        const sub = byKey('sub');
        if (sub.length === 0) {
          fail(`no condition on ${issuer}:sub: a ref or workflow claim alone lets other repositories in`);
          continue;
        }
        for (const c of sub) {
          if (c.test !== 'StringEquals')
            fail(`the sub condition must use StringEquals, not ${String(c.test)}`);
          const subjects = subjectsOf(tree, doc.body.for_each, dir, c.values);
          const roles = subjects.map(([role]) => role).filter((r): r is string => r !== undefined);
          const missing = Object.keys(githubSubjects).filter((r) => !roles.includes(r));
          if (roles.length > 0 && missing.length > 0)
            fail(`no subject for the role(s) ${missing.join(', ')}`);
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
    }
    return findings;
  },
};

/** The subjects a sub condition allows, with the role key when they come from a for_each map. */
function subjectsOf(
  tree: TfTree,
  forEach: unknown,
  dir: string,
  values: unknown,
): [string | undefined, string][] {
  const raw = Array.isArray(values) ? values : [values];
  const out: [string | undefined, string][] = [];
  for (const v of raw) {
    if (v === expression('each.value')) {
      const map = record(resolve(tree, dir, forEach));
      if (!map) {
        out.push([undefined, String(forEach)]);
        continue;
      }
      for (const [role, subject] of Object.entries(map)) out.push([role, String(subject)]);
    } else {
      const resolved = resolve(tree, dir, v);
      out.push([undefined, typeof resolved === 'string' ? resolved : JSON.stringify(v)]);
    }
  }
  return out;
}
