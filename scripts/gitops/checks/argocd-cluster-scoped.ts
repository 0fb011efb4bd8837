// Every cluster-scoped object an Application's path renders is a kind its project allows (whitelisted,
// by name where the entry names one, and not blacklisted, matched as Argo CD matches them): otherwise
// Argo CD refuses the sync, or the project allows more than it should.
import { defineCheck } from '../../checks/check.js';
import { CLUSTER_SCOPED, childTree, groupOf, kindPermitted, perApp, projectOf } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdClusterScoped = defineCheck<TreeSubject>({
  id: 'argocd-cluster-scoped',
  summary:
    "every cluster-scoped kind an Application's path renders is in its project's `clusterResourceWhitelist` (by name where an entry names one) and not in its `clusterResourceBlacklist`",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      const project = projectOf(argo, app);
      const child = childTree(subject, app);
      if (!project || !child) return;
      for (const { object } of child.objects) {
        const name = object.metadata?.name ?? '';
        if (
          CLUSTER_SCOPED.has(object.kind) &&
          !kindPermitted(project.spec, groupOf(object.apiVersion), object.kind, name, false)
        )
          yield `deploys cluster-scoped ${object.kind} "${name}" (from ${child.dir}), which project "${project.name}" does not whitelist`;
      }
    }),
});
