// Every namespaced object an Application's path renders lands in a namespace its project allows (an
// object's own namespace wins over the Application's destination).
import { defineCheck } from '../../checks/check.js';
import { CLUSTER_SCOPED, childTree, destinationAllowed, perApp, projectOf } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdNamespaceAllowed = defineCheck<TreeSubject>({
  id: 'argocd-namespace-allowed',
  summary: "every namespace an Application's objects land in is allowed by its project",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      const project = projectOf(argo, app);
      const child = childTree(subject, app);
      if (!project || !child) return;
      const destination = app.spec.destination ?? {};
      for (const { object } of child.objects) {
        if (CLUSTER_SCOPED.has(object.kind)) continue;
        const ns = object.metadata?.namespace ?? destination.namespace ?? '';
        if (!destinationAllowed(project.spec, destination, ns))
          yield `deploys ${object.kind} "${object.metadata?.name}" into namespace "${ns}" (from ${child.dir}), which project "${project.name}" does not allow`;
      }
    }),
});
