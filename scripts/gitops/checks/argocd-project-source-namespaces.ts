// `sourceNamespaces` lets Applications of this project live outside Argo CD's namespace, so whoever may
// write to those namespaces may create Applications the root never reviewed.
import { defineCheck } from '../../checks/check.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdProjectSourceNamespaces = defineCheck<TreeSubject>({
  id: 'argocd-project-source-namespaces',
  summary:
    "a project has no `sourceNamespaces`: Applications live only in Argo CD's namespace, where the root reviews them",
  run: (subject) =>
    perProject(subject, ({ spec }) =>
      (spec.sourceNamespaces ?? []).length > 0
        ? [
            `sourceNamespaces (${spec.sourceNamespaces?.join(', ')}) lets Applications be created outside Argo CD's namespace, unreviewed: remove it`,
          ]
        : [],
    ),
});
