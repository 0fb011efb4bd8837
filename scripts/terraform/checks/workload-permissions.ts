// Each workload's role grants exactly what it needs, on named resources (no "*" action or resource, no
// NotAction): a service's role exactly what its declared queue uses give (modules/identity's var.queue_senders
// and var.queue_receivers, derived from services/*/score.yaml), External Secrets exactly the database secret (and each OAuth client's).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, dataSources, expression, isDirOf, record, valuesFromCallers } from '../model.js';
import { documentPolicy, hasWildcard, type Statement } from '../policy.js';
import { at } from '../problems.js';
import { roleGrants } from '../role-policies.js';

/** `<queue>` in a grant stands for the queue it is about: `var.queues[<id>]` of modules/identity. */
const QUEUE = '<queue>';

/**
 * What one declared use of a queue grants, as `action on resource`.
 * A sender reads its queue's attributes for its /ready probe (services/lib/src/sqs.ts checkQueue); a
 * receiver reads the DLQ's attributes for its depth gauge (services/pricing/src/queue-depth.ts).
 */
export const queueUseGrants: Readonly<Record<'send' | 'receive', readonly string[]>> = {
  send: [
    `sqs:SendMessage on ${QUEUE}.arn`,
    `sqs:GetQueueAttributes on ${QUEUE}.arn`,
    `kms:GenerateDataKey on ${QUEUE}.kms_key_arn`,
    `kms:Decrypt on ${QUEUE}.kms_key_arn`,
  ],
  receive: [
    `sqs:ReceiveMessage on ${QUEUE}.arn`,
    `sqs:DeleteMessage on ${QUEUE}.arn`,
    `sqs:ChangeMessageVisibility on ${QUEUE}.arn`,
    `sqs:GetQueueAttributes on ${QUEUE}.arn`,
    `sqs:GetQueueAttributes on ${QUEUE}.dlq_arn`,
    `kms:Decrypt on ${QUEUE}.kms_key_arn`,
  ],
};

/** The documents of modules/identity and what each grants (the queue documents for their each.value.queue). */
export const workloadDocuments: Readonly<Record<string, readonly string[]>> = {
  send: queueUseGrants.send,
  receive: queueUseGrants.receive,
  external_secrets: [
    'secretsmanager:GetSecretValue on var.database_secret_arn',
    'secretsmanager:DescribeSecret on var.database_secret_arn',
    'kms:Decrypt on var.database_kms_key_arn',
  ],
  // One per declared oauth-client (modules/identity/oauth-clients.tf): its own secret and the clients' key.
  external_secrets_oauth_client: [
    'secretsmanager:GetSecretValue on aws_secretsmanager_secret.oauth_client[each.key].arn',
    'secretsmanager:DescribeSecret on aws_secretsmanager_secret.oauth_client[each.key].arn',
    'kms:Decrypt on aws_kms_key.oauth_clients[0].arn',
  ],
};

/** The variables of modules/identity that hold the declared uses, by direction. */
const useVariables = { send: 'queue_senders', receive: 'queue_receivers' } as const;

/**
 * A resource as the grant lists write it: without the `${}`, and a document's own queue
 * (`var.queues[each.value.queue]`) as `<queue>`; an instance's stays named (`var.queues["orders-events"]`).
 */
function bare(resource: string): string {
  return resource.replace(/^\$\{(.*)\}$/, '$1').replace(/^var\.queues\[each\.value\.queue\]/, QUEUE);
}

/** The grants of a list of statements as `action on resource`, and what in them is never allowed. */
function grantsOf(statements: readonly Statement[]) {
  const granted = new Set<string>();
  const wrong: string[] = [];
  for (const st of statements) {
    if (st.notActions) wrong.push(`statement ${st.sid}: NotAction/NotResource grants everything else`);
    if (st.effect !== 'Allow') continue;
    for (const a of st.actions)
      if (hasWildcard(a)) wrong.push(`statement ${st.sid}: wildcard action ${JSON.stringify(a)}`);
    for (const r of st.resources)
      if (hasWildcard(r)) wrong.push(`statement ${st.sid}: wildcard resource ${JSON.stringify(r)}`);
    if (st.resources.length === 0)
      wrong.push(`statement ${st.sid}: no resources: name the queue, key or secret`);
    for (const a of st.actions) for (const r of st.resources) granted.add(`${a} on ${bare(r)}`);
  }
  return { granted, wrong };
}

function compare(block: Block, who: string, granted: Set<string>, expected: Set<string>): Problem[] {
  const extra = [...granted].filter((g) => !expected.has(g));
  const missing = [...expected].filter((e) => !granted.has(e));
  return [
    ...(extra.length > 0 ? [at(block, `grants more than ${who} needs: ${extra.join('; ')}`)] : []),
    ...(missing.length > 0 ? [at(block, `lacks what ${who} needs: ${missing.join('; ')}`)] : []),
  ];
}

/** The declared uses modules/identity is given, by service: `[direction, queue id]`. */
function declaredUses(
  tree: TfTree,
  dir: string,
): Map<string, [keyof typeof useVariables, string][]> | undefined {
  const out = new Map<string, [keyof typeof useVariables, string][]>();
  for (const [direction, variable] of Object.entries(useVariables) as [keyof typeof useVariables, string][]) {
    const known = valuesFromCallers(tree, dir, expression(`var.${variable}`));
    if (known.length === 0) return undefined;
    for (const { value } of known)
      for (const use of Object.values(record(value) ?? {})) {
        const { service, queue } = record(use) ?? {};
        if (typeof service !== 'string' || typeof queue !== 'string') continue;
        out.set(service, [...(out.get(service) ?? []), [direction, queue]]);
      }
  }
  return out;
}

export const workloadPermissions = defineCheck<TfTree>({
  id: 'workload-permissions',
  summary:
    "each service's role grants exactly what its declared queue uses give (send: send and read attributes, encrypt with the key; receive: receive, delete, change visibility, read the queue's and its DLQ's attributes, decrypt), External Secrets exactly the database secret and, one policy each, the declared OAuth clients' secrets; no \"*\" action or resource, no NotAction/NotResource",
  run(tree) {
    const problems: Problem[] = [];
    const identityDirs = new Set(
      tree.files.filter((f) => isDirOf(tree, f.dir, 'modules', 'identity')).map((f) => f.dir),
    );
    for (const dir of identityDirs) {
      // Each document grants exactly its own list, for whichever queue its instance names.
      for (const [name, expected] of Object.entries(workloadDocuments)) {
        const doc = dataSources(tree, 'aws_iam_policy_document').find(
          (d) => d.file.dir === dir && d.name === name,
        );
        if (!doc) {
          const file =
            tree.files.find((f) => f.dir === dir && f.path.endsWith('/main.tf')) ??
            tree.files.find((f) => f.dir === dir);
          problems.push({
            file: file?.display ?? dir,
            message: `data.aws_iam_policy_document.${name} is missing: every workload needs its own policy`,
          });
          continue;
        }
        const { granted, wrong } = grantsOf(documentPolicy(tree, doc).statements);
        problems.push(...wrong.map((w) => at(doc, w)));
        problems.push(...compare(doc, name, granted, new Set(expected)));
      }
      // Each service's role, as its policies reach it, holds exactly what its declared uses give: a service
      // that declares no queue may do nothing.
      const uses = declaredUses(tree, dir);
      if (!uses) continue;
      // The services' roles: modules/identity's aws_iam_role.this, one per service.
      const serviceRoles = roleGrants(tree).filter(
        (g) => g.role.file.dir === dir && g.role.name === 'this' && g.key !== undefined,
      );
      for (const grant of serviceRoles) {
        const service = grant.key as string;
        const expected = new Set(
          (uses.get(service) ?? []).flatMap(([direction, queue]) =>
            queueUseGrants[direction].map((g) => g.replace(QUEUE, `var.queues[${JSON.stringify(queue)}]`)),
          ),
        );
        const { granted, wrong } = grantsOf(grant.statements);
        if (grant.unknown)
          problems.push(at(grant.role, `${service}: a policy of its role cannot be read here`));
        problems.push(...wrong.map((w) => at(grant.role, `${service}: ${w}`)));
        problems.push(...compare(grant.role, `${service} (its declared queues)`, granted, expected));
      }
    }
    return problems;
  },
});
