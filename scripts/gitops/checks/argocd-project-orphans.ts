// Objects in a project's namespaces that no Application manages are drift: Argo CD flags them only when asked.
import { defineCheck } from '../../checks/check.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdProjectOrphans = defineCheck<TreeSubject>({
  id: 'argocd-project-orphans',
  summary: 'a project sets `orphanedResources.warn: true`',
  run: (subject) =>
    perProject(subject, ({ spec }) =>
      spec.orphanedResources?.warn === true ? [] : ['orphanedResources.warn must be true'],
    ),
});
