// In prod a PodDisruptionBudget covers every Deployment, so a node drain never takes a service down.
import { defineCheck } from '../../checks/check.js';
import { isProd, type K8sObject, list, record } from '../model.js';
import { podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const prodPdb = defineCheck<TreeSubject>({
  id: 'prod-pdb',
  summary: "in deployable prod trees, a PodDisruptionBudget selects every Deployment's pods",
  run(subject) {
    if (!subject.deployable || !isProd(subject.tree)) return [];
    const pdbs = subject.tree.objects.filter((o) => o.object.kind === 'PodDisruptionBudget');
    return perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (object.kind === 'Deployment' && pod && !pdbs.some((p) => selects(p.object, object, pod.labels)))
        yield "no PodDisruptionBudget selects this Deployment's pods";
    });
  },
});

function selects(pdb: K8sObject, workload: K8sObject, labels: Record<string, string>): boolean {
  if ((pdb.metadata?.namespace ?? 'default') !== (workload.metadata?.namespace ?? 'default')) return false;
  const selector = record(record(pdb.spec)?.selector);
  const match = record(selector?.matchLabels) ?? {};
  if (!selector || list(selector.matchExpressions).length > 0 || Object.keys(match).length === 0)
    return false;
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}
