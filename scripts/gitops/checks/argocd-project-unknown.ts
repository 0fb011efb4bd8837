// The project an Application names is defined in the same tree, so the validator can check it against it.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdProjectUnknown = defineCheck<TreeSubject>({
  id: 'argocd-project-unknown',
  summary: "an Application's project is defined in its tree",
  run: (subject) =>
    perApp(subject, (app, argo) => {
      const name = app.spec.project;
      return name && name !== 'default' && !argo.projects.has(name)
        ? [`project "${name}" is not defined in this tree`]
        : [];
    }),
});
