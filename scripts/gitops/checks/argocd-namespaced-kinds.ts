// Every namespaced kind an Application's path renders is one its project allows (namespaceResourceWhitelist
// when set, never the blacklist): the admin project, for one, may only create Applications, AppProjects
// and ConfigMaps. Otherwise Argo CD refuses the sync after the validator said yes.
import { defineCheck } from '../../checks/check.js';
import { CLUSTER_SCOPED, childTree, groupOf, kindPermitted, perApp, projectOf } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdNamespacedKinds = defineCheck<TreeSubject>({
  id: 'argocd-namespaced-kinds',
  summary:
    "every namespaced kind an Application's path renders is allowed by its project's `namespaceResourceWhitelist` (when set) and not in its `namespaceResourceBlacklist`",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      const project = projectOf(argo, app);
      const child = childTree(subject, app);
      if (!project || !child) return;
      for (const { object } of child.objects) {
        const name = object.metadata?.name ?? '';
        if (
          !CLUSTER_SCOPED.has(object.kind) &&
          !kindPermitted(project.spec, groupOf(object.apiVersion), object.kind, name, true)
        )
          yield `deploys ${object.kind} "${name}" (from ${child.dir}), a kind project "${project.name}" does not allow`;
      }
    }),
});
