// An Application's destination is one its project allows, matched as Argo CD matches it (globs, deny
// patterns, server or cluster name): otherwise Argo CD refuses to sync it.
import { defineCheck } from '../../checks/check.js';
import { destinationAllowed, perApp, projectOf } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdDestination = defineCheck<TreeSubject>({
  id: 'argocd-destination',
  summary: "an Application's destination is one its project's `destinations` allow, as Argo CD matches them",
  run: (subject) =>
    perApp(subject, (app, argo) => {
      const project = projectOf(argo, app);
      const destination = app.spec.destination ?? {};
      const namespace = destination.namespace ?? '';
      return project && !destinationAllowed(project.spec, destination, namespace)
        ? [`destination namespace "${namespace}" is not allowed by project "${project.name}"`]
        : [];
    }),
});
