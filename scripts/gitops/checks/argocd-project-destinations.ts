// A project's destinations are what its Applications may deploy to, matched as Argo CD matches them. Each
// destination names its cluster and its namespaces; a glob counts for every namespace it can match, so
// `kube-syste[m]` is kube-system and `shop-*` is unbounded. Kubernetes' own namespaces are never a
// workload project's destination, and a project allows no namespace its Applications do not deploy to.
import { defineCheck } from '../../checks/check.js';
import { projectExpansion } from '../argocd/glob.js';
import { ADMIN_PROJECT, perProject, usedNamespaces } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

/** Kubernetes' own namespaces (Argo CD's is `argocd-namespace`'s). */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export const argocdProjectDestinations = defineCheck<TreeSubject>({
  id: 'argocd-project-destinations',
  summary:
    "a project's destinations name their cluster (never `server: '*'`) and namespaces exactly; none matches `kube-system`, `kube-public` or `kube-node-lease`; none is outside the namespaces the project's Applications deploy to",
  run: (subject) =>
    perProject(subject, function* (project, argo) {
      const used = usedNamespaces(subject, argo, project.name);
      for (const d of project.spec.destinations ?? []) {
        if (d.server === undefined && d.name === undefined)
          yield 'a destination must name its cluster (server)';
        for (const [field, pattern] of [
          ['server', d.server],
          ['name', d.name],
        ] as const)
          if (pattern !== undefined && !projectExpansion(pattern))
            yield `destination ${field} "${pattern}" must name one cluster (no wildcard)`;
        const namespaces = d.namespace ? projectExpansion(d.namespace) : undefined;
        if (!namespaces) {
          yield d.namespace
            ? `destinations must name each namespace (no wildcard): "${d.namespace}" matches any number of namespaces`
            : 'destinations must name each namespace (no wildcard): one names none';
          continue;
        }
        for (const ns of namespaces) {
          const as = ns === d.namespace ? '' : ` (the glob "${d.namespace}" matches "${ns}")`;
          if (SYSTEM_NAMESPACES.has(ns) && project.name !== ADMIN_PROJECT)
            yield `namespace "${ns}" is never a child project's destination${as}`;
          else if (used && !used.has(ns) && ns !== argo.argocdNamespace)
            yield `destination namespace "${ns}"${as} is outside the namespaces its Applications deploy to (${[...used].join(', ')}): remove it`;
        }
      }
    }),
});
