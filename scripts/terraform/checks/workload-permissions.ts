// Each workload's policy grants exactly the actions its service calls, on named resources (no "*" action or
// resource, no NotAction).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { dataSources, isDirOf } from '../model.js';
import { documentPolicy, hasWildcard } from '../policy.js';
import { at } from '../problems.js';

/**
 * The permissions of each workload, as `action on resource` (resources as written in the identity module,
 * without the `${}` of the expression).
 * inventory reads its queue's attributes for its /ready probe (services/lib/src/sqs.ts checkQueue);
 * pricing reads the DLQ's attributes for its depth gauge (services/pricing/src/queue-depth.ts).
 */
export const workloadGrants: Readonly<Record<string, readonly string[]>> = {
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

/** `${var.queue_arn}` as `var.queue_arn`: the expected permissions are written without the braces. */
function bare(expression: string): string {
  return expression.replace(/^\$\{(.*)\}$/, '$1');
}

export const workloadPermissions = defineCheck<TfTree>({
  id: 'workload-permissions',
  summary:
    'workload policies (inventory, pricing, external_secrets): no "*" action or resource, no NotAction/NotResource, exactly the listed permissions',
  run(tree) {
    const problems: Problem[] = [];
    const docs = dataSources(tree, 'aws_iam_policy_document').filter((d) => d.name in workloadGrants);
    const identityDirs = new Set(
      tree.files.filter((f) => isDirOf(tree, f.dir, 'modules', 'identity')).map((f) => f.dir),
    );
    for (const dir of identityDirs) {
      for (const name of Object.keys(workloadGrants)) {
        if (!docs.some((d) => d.file.dir === dir && d.name === name)) {
          const file =
            tree.files.find((f) => f.dir === dir && f.path.endsWith('/main.tf')) ??
            tree.files.find((f) => f.dir === dir);
          problems.push({
            file: file?.display ?? dir,
            message: `data.aws_iam_policy_document.${name} is missing: every workload needs its own policy`,
          });
        }
      }
    }
    for (const doc of docs) {
      const granted = new Set<string>();
      for (const st of documentPolicy(tree, doc).statements) {
        const fail = (message: string) => problems.push(at(doc, `statement ${st.sid}: ${message}`));
        if (st.notActions)
          fail('NotAction/NotResource grants everything else: name the actions and resources');
        if (st.effect !== 'Allow') continue;
        for (const a of st.actions) if (hasWildcard(a)) fail(`wildcard action ${JSON.stringify(a)}`);
        for (const r of st.resources) if (hasWildcard(r)) fail(`wildcard resource ${JSON.stringify(r)}`);
        if (st.resources.length === 0) fail('no resources: name the queue, key or secret');
        for (const a of st.actions) for (const r of st.resources) granted.add(`${a} on ${bare(r)}`);
      }
      const expected = new Set(workloadGrants[doc.name]);
      const extra = [...granted].filter((g) => !expected.has(g));
      const missing = [...expected].filter((e) => !granted.has(e));
      if (extra.length > 0) problems.push(at(doc, `grants more than ${doc.name} needs: ${extra.join('; ')}`));
      if (missing.length > 0) problems.push(at(doc, `lacks what ${doc.name} needs: ${missing.join('; ')}`));
    }
    return problems;
  },
});
