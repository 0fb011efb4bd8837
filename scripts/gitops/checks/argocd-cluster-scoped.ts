// Every cluster-scoped object an Application's path renders is a kind its project whitelists: otherwise
// Argo CD refuses the sync, or the project allows more than it should.
import { defineCheck } from '../../checks/check.js';
import { globMatch } from '../argocd/glob.js';
import { CLUSTER_SCOPED, childTree, groupOf, perApp, projectOf } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdClusterScoped = defineCheck<TreeSubject>({
  id: 'argocd-cluster-scoped',
  summary: "every cluster-scoped kind an Application deploys is in its project's clusterResourceWhitelist",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      const project = projectOf(argo, app);
      const child = childTree(subject, app);
      if (!project || !child) return;
      const whitelist = project.spec.clusterResourceWhitelist ?? [];
      for (const { object } of child.objects) {
        if (!CLUSTER_SCOPED.has(object.kind)) continue;
        const group = groupOf(object.apiVersion);
        if (!whitelist.some((w) => globMatch(w.group, group) && globMatch(w.kind, object.kind)))
          yield `deploys cluster-scoped ${object.kind} "${object.metadata?.name}" (from ${child.dir}), which project "${project.name}" does not whitelist`;
      }
    }),
});
