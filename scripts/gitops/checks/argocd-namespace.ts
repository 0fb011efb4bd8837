// Only the admin project may write to Argo CD's namespace: an Application or AppProject created there by
// another project would escape that project's limits. A project's destination counts when its glob (as
// Argo CD matches it) matches the namespace, so `argoc[d]` or `*` count too.
import { defineCheck } from '../../checks/check.js';
import { projectMatch } from '../argocd/glob.js';
import { ADMIN_PROJECT, perApp, perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

const message = (ns: string) => `only project "${ADMIN_PROJECT}" may deploy to Argo CD's namespace "${ns}"`;

export const argocdNamespace = defineCheck<TreeSubject>({
  id: 'argocd-namespace',
  summary:
    "only project `admin` reaches Argo CD's namespace, by an Application or by a project destination whose glob matches it",
  run: (subject) => [
    ...perProject(subject, (project, argo) =>
      project.name !== ADMIN_PROJECT &&
      (project.spec.destinations ?? []).some((d) => projectMatch(d.namespace ?? '', argo.argocdNamespace))
        ? [message(argo.argocdNamespace)]
        : [],
    ),
    ...perApp(subject, (app, argo) => {
      const project = app.spec.project;
      return project &&
        project !== 'default' &&
        project !== ADMIN_PROJECT &&
        app.spec.destination?.namespace === argo.argocdNamespace
        ? [message(argo.argocdNamespace)]
        : [];
    }),
  ],
});
