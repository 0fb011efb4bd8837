// Each IRSA role trusts exactly one service account: StringEquals aud and one exact
// system:serviceaccount:<namespace>:<name> sub.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { dataSources, interpolate, resolve, type Sourced, stringList, valuesFromCallers } from '../model.js';
import { allows, documentPolicy } from '../policy.js';
import { at } from '../problems.js';

/**
 * Subjects of a :sub condition, expanding `${each.value.service_account}` over a for_each map of locals and
 * following variables without a default to the module's callers. A subject that stays unknown is left to
 * the variable's own validation.
 */
function serviceAccountSubjects(tree: TfTree, dir: string, forEach: unknown, values: unknown): Sourced[] {
  const raw = (Array.isArray(values) ? values : [values]).map(String);
  const out: Sourced[] = [];
  const map = resolve(tree, dir, forEach);
  for (const v of raw) {
    const each = /\$\{each\.value\.([a-z_]+)\}/.exec(v);
    if (each && typeof map === 'object' && map !== null) {
      for (const entry of Object.values(map as Record<string, Record<string, unknown>>)) {
        const field = entry?.[each[1] ?? ''];
        for (const known of typeof field === 'string' ? valuesFromCallers(tree, dir, field) : []) {
          out.push({ ...known, value: v.replace(each[0], String(known.value)) });
        }
      }
    } else {
      out.push({ value: interpolate(tree, dir, v) });
    }
  }
  return out;
}

export const workloadTrust = defineCheck<TfTree>({
  id: 'workload-trust',
  summary:
    'IRSA trust: StringEquals <issuer>:aud = sts.amazonaws.com and <issuer>:sub = one exact system:serviceaccount:<namespace>:<name>',
  run(tree) {
    const problems: Problem[] = [];
    for (const doc of dataSources(tree, 'aws_iam_policy_document')) {
      const dir = doc.file.dir;
      for (const st of documentPolicy(tree, doc).statements) {
        // A trust statement: it names who may assume (an identity policy names no principal).
        if (st.principals.length === 0 || !allows(st, 'sts:AssumeRoleWithWebIdentity')) continue;
        const keys = st.conditions.map((c) => interpolate(tree, dir, String(c.variable ?? '')));
        if (
          keys.some((k) => k.startsWith('token.actions.githubusercontent.com')) ||
          /github/i.test(JSON.stringify(st.principals))
        ) {
          continue;
        }
        const fail = (message: string) => problems.push(at(doc, `statement ${st.sid}: ${message}`));
        const aud = st.conditions.filter((_, i) => keys[i]?.endsWith(':aud'));
        const sub = st.conditions.filter((_, i) => keys[i]?.endsWith(':sub'));
        if (
          aud.length === 0 ||
          !aud.every(
            (c) =>
              c.test === 'StringEquals' &&
              JSON.stringify(stringList(tree, dir, c.values)) === '["sts.amazonaws.com"]',
          )
        ) {
          fail('needs a StringEquals :aud condition of exactly ["sts.amazonaws.com"]');
        }
        if (sub.length === 0) {
          fail('needs a StringEquals :sub condition naming the service account');
          continue;
        }
        for (const c of sub) {
          if (c.test !== 'StringEquals')
            fail(`the :sub condition must use StringEquals, not ${String(c.test)}`);
          for (const { value: subject, file } of serviceAccountSubjects(
            tree,
            dir,
            doc.body.for_each,
            c.values,
          )) {
            if (!/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/.test(String(subject))) {
              const message = `statement ${st.sid}: subject ${JSON.stringify(subject)} is not one exact system:serviceaccount:<namespace>:<name>`;
              // A value passed in by an environment is reported in the environment's file.
              problems.push(file ? { file, message: `module call: ${message}` } : at(doc, message));
            }
          }
        }
      }
    }
    return problems;
  },
});
