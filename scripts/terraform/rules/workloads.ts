// The workloads' IAM: each IRSA role trusts exactly one service account, and each policy grants exactly the
// actions its service calls, on named resources (CKV_AWS_49: no "*" action; CKV_AWS_356: no "*" resource).
import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import {
  dataSources,
  interpolate,
  isDirOf,
  resolve,
  type Sourced,
  stringList,
  valuesFromCallers,
} from '../model.js';
import { at, hasWildcard, type Rule, statements } from './rule.js';

/**
 * The permissions of each workload, as `action on resource` (resources as written in the identity module,
 * without the `${}` of the expression).
 * inventory reads its queue's attributes for its /ready probe (services/lib/src/sqs.ts checkQueue);
 * pricing reads the DLQ's attributes for its depth gauge (services/pricing/src/queue-depth.ts).
 */
export const workloadPermissions: Readonly<Record<string, readonly string[]>> = {
  inventory: [
    'sqs:SendMessage on var.queue_arn',
    'sqs:GetQueueAttributes on var.queue_arn',
    'kms:GenerateDataKey on var.queue_kms_key_arn',
    'kms:Decrypt on var.queue_kms_key_arn',
  ],
  pricing: [
    'sqs:ReceiveMessage on var.queue_arn',
    'sqs:DeleteMessage on var.queue_arn',
    'sqs:ChangeMessageVisibility on var.queue_arn',
    'sqs:GetQueueAttributes on var.queue_arn',
    'sqs:GetQueueAttributes on var.dlq_arn',
    'kms:Decrypt on var.queue_kms_key_arn',
  ],
  external_secrets: [
    'secretsmanager:GetSecretValue on var.database_secret_arn',
    'secretsmanager:DescribeSecret on var.database_secret_arn',
    'kms:Decrypt on var.database_kms_key_arn',
  ],
};

export const workloadPolicies: Rule = {
  id: 'workload-permissions',
  checkov: ['CKV_AWS_49', 'CKV_AWS_356'],
  summary:
    'workload policies (inventory, pricing, external_secrets): no "*" action or resource, no NotAction/NotResource, exactly the listed permissions',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    const docs = dataSources(tree, 'aws_iam_policy_document').filter((d) => d.name in workloadPermissions);
    const identityDirs = new Set(
      tree.files.filter((f) => isDirOf(tree, f.dir, 'modules', 'identity')).map((f) => f.dir),
    );
    for (const dir of identityDirs) {
      for (const name of Object.keys(workloadPermissions)) {
        if (!docs.some((d) => d.file.dir === dir && d.name === name)) {
          const file =
            tree.files.find((f) => f.dir === dir && f.path.endsWith('/main.tf')) ??
            tree.files.find((f) => f.dir === dir);
          findings.push({
            file: file?.display ?? dir,
            rule: this.id,
            message: `data.aws_iam_policy_document.${name} is missing: every workload needs its own policy`,
          });
        }
      }
    }
    for (const doc of docs) {
      const granted = new Set<string>();
      for (const st of statements(doc)) {
        const fail = (message: string) => findings.push(at(doc, this.id, `statement ${st.sid}: ${message}`));
        if (st.notActions)
          fail('NotAction/NotResource grants everything else: name the actions and resources');
        if (st.effect !== 'Allow') continue;
        for (const a of st.actions)
          if (hasWildcard(a)) fail(`wildcard action ${JSON.stringify(a)} (CKV_AWS_49)`);
        for (const r of st.resources)
          if (hasWildcard(r)) fail(`wildcard resource ${JSON.stringify(r)} (CKV_AWS_356)`);
        if (st.resources.length === 0) fail('no resources: name the queue, key or secret');
        for (const a of st.actions) for (const r of st.resources) granted.add(`${a} on ${bare(r)}`);
      }
      const expected = new Set(workloadPermissions[doc.name]);
      const extra = [...granted].filter((g) => !expected.has(g));
      const missing = [...expected].filter((e) => !granted.has(e));
      if (extra.length > 0)
        findings.push(at(doc, this.id, `grants more than ${doc.name} needs: ${extra.join('; ')}`));
      if (missing.length > 0)
        findings.push(at(doc, this.id, `lacks what ${doc.name} needs: ${missing.join('; ')}`));
    }
    return findings;
  },
};

export const workloadTrust: Rule = {
  id: 'workload-trust',
  checkov: [],
  summary:
    'IRSA trust: StringEquals <issuer>:aud = sts.amazonaws.com and <issuer>:sub = one exact system:serviceaccount:<namespace>:<name>',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const doc of dataSources(tree, 'aws_iam_policy_document')) {
      const dir = doc.file.dir;
      for (const st of statements(doc)) {
        if (!st.actions.includes('sts:AssumeRoleWithWebIdentity')) continue;
        const keys = st.conditions.map((c) => interpolate(tree, dir, String(c.variable ?? '')));
        if (
          keys.some((k) => k.startsWith('token.actions.githubusercontent.com')) ||
          /github/i.test(JSON.stringify(st.principals))
        ) {
          continue;
        }
        const fail = (message: string) => findings.push(at(doc, this.id, `statement ${st.sid}: ${message}`));
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
              findings.push(
                file
                  ? { file, rule: this.id, message: `module call: ${message}` }
                  : at(doc, this.id, message),
              );
            }
          }
        }
      }
    }
    return findings;
  },
};

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

/** `${var.queue_arn}` as `var.queue_arn`: the expected permissions are written without the braces. */
function bare(expression: string): string {
  return expression.replace(/^\$\{(.*)\}$/, '$1');
}
