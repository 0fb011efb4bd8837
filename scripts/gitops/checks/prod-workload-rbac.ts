// In prod no workload's ServiceAccount is bound to cluster-admin or to a role granting `*` verbs or
// resources: a compromised pod would own the cluster (or its namespace).
import { defineCheck } from '../../checks/check.js';
import { isProd, type K8sObject, list, record } from '../model.js';
import { podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

const BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);

export const prodWorkloadRbac = defineCheck<TreeSubject>({
  id: 'prod-workload-rbac',
  summary:
    "in deployable prod trees, no binding of cluster-admin or of a role with `*` verbs or resources to a workload's ServiceAccount",
  run(subject) {
    if (!subject.deployable || !isProd(subject.tree)) return [];
    const objects = subject.tree.objects.map((o) => o.object);
    const accounts = new Set<string>();
    for (const o of objects) {
      const pod = podTemplate(o);
      if (pod)
        accounts.add(`${o.metadata?.namespace ?? 'default'}/${pod.spec.serviceAccountName ?? 'default'}`);
    }
    return perObject(subject, function* (item) {
      const binding = item.object;
      if (!BINDINGS.has(binding.kind)) return;
      const why = tooPowerful(record(binding.roleRef), binding, objects);
      if (!why) return;
      for (const account of boundAccounts(binding, accounts))
        yield `binds ${why} to ServiceAccount ${account}, which a workload runs as`;
    });
  },
});

/** Why the bound role is too much (cluster-admin, or `*` in a rule of a role the tree holds), else undefined. */
function tooPowerful(
  roleRef: Record<string, unknown> | undefined,
  binding: K8sObject,
  objects: readonly K8sObject[],
): string | undefined {
  const kind = roleRef?.kind;
  const name = roleRef?.name;
  if (kind === 'ClusterRole' && name === 'cluster-admin') return 'ClusterRole cluster-admin';
  const role = objects.find(
    (o) =>
      o.kind === kind &&
      o.metadata?.name === name &&
      (kind === 'ClusterRole' || o.metadata?.namespace === binding.metadata?.namespace),
  );
  const wildcard = list(role?.rules).some((rule) =>
    ['verbs', 'resources'].some((field) => list(record(rule)?.[field]).includes('*')),
  );
  return wildcard ? `${kind} ${name} (\`*\` in its verbs or resources)` : undefined;
}

/** The workloads' ServiceAccounts (`ns/name`) the binding's subjects name or cover by group. */
function boundAccounts(binding: K8sObject, accounts: ReadonlySet<string>): string[] {
  const bound = new Set<string>();
  for (const s of list(binding.subjects)) {
    const subject = record(s);
    if (subject?.kind === 'ServiceAccount') {
      const key = `${subject.namespace ?? binding.metadata?.namespace ?? 'default'}/${subject.name}`;
      if (accounts.has(key)) bound.add(key);
    } else if (subject?.kind === 'Group' && typeof subject.name === 'string') {
      for (const account of accounts)
        if (
          subject.name === 'system:serviceaccounts' ||
          subject.name === `system:serviceaccounts:${account.split('/')[0]}`
        )
          bound.add(account);
    }
  }
  return [...bound].sort();
}
