// An Application's path in this repository is a kustomization the validator rendered; any other path
// would be deployed unchecked.
import { defineCheck } from '../../checks/check.js';
import { childTree, perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdChildPath = defineCheck<TreeSubject>({
  id: 'argocd-child-path',
  summary:
    "an Application's source path is a kustomization under the GitOps root (so it was rendered and checked)",
  run: (subject) =>
    perApp(subject, function* (app) {
      const path = app.spec.source?.path;
      if (path !== undefined && !childTree(subject, app))
        yield `source path "${path}" is not a kustomization under the GitOps root`;
    }),
});
