// An ApplicationSet's Applications exist only in the cluster: the validator never sees their sources,
// projects or overrides, so none of the other Argo CD checks would hold for them. Write each Application.
import { defineCheck } from '../../checks/check.js';
import { argoTree } from '../argocd/model.js';
import { perObject, type TreeSubject } from './subject.js';

export const argocdApplicationSet = defineCheck<TreeSubject>({
  id: 'argocd-application-set',
  summary:
    'no ApplicationSet: its Applications would exist only in the cluster, never checked; every Application is a file',
  run: (subject) =>
    argoTree(subject)
      ? perObject(subject, ({ object }) =>
          object.kind === 'ApplicationSet' && object.apiVersion.startsWith('argoproj.io/')
            ? ['generates Applications the validator never sees: write each Application as a file instead']
            : [],
        )
      : [],
});
