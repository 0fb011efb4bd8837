// Each IRSA role trusts exactly one service account: StringEquals aud and one exact
// system:serviceaccount:<namespace>:<name> sub.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import type { Block } from '../model.js';
import {
  dataSources,
  forEachInstances,
  interpolate,
  interpolateFromCallers,
  type Sourced,
  stringList,
  withEach,
} from '../model.js';
import { allows, documentPolicy } from '../policy.js';
import { at } from '../problems.js';

/**
 * Subjects of a :sub condition, once per instance of the document's for_each (`${each.key}`,
 * `${each.value.x}` filled in) and per caller of the module for the variables it does not know itself
 * (`${var.namespace}`). A subject that stays unknown is left to the variable's own validation.
 */
function serviceAccountSubjects(tree: TfTree, doc: Block, values: unknown): Sourced[] {
  const dir = doc.file.dir;
  const raw = (Array.isArray(values) ? values : [values]).map(String);
  const instances = forEachInstances(tree, doc);
  const filled = raw.flatMap((v) =>
    v.includes('each.') && instances ? instances.map((i) => String(withEach(v, i))) : [v],
  );
  return filled.flatMap((v) => interpolateFromCallers(tree, dir, interpolate(tree, dir, v)));
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
          for (const { value: subject, file, line } of serviceAccountSubjects(tree, doc, c.values)) {
            if (!/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/.test(String(subject))) {
              const message = `statement ${st.sid}: subject ${JSON.stringify(subject)} is not one exact system:serviceaccount:<namespace>:<name>`;
              // A value passed in by an environment is reported where the environment writes it.
              problems.push(
                file ? { file, ...(line && { line }), message: `module call: ${message}` } : at(doc, message),
              );
            }
          }
        }
      }
    }
    return problems;
  },
});
