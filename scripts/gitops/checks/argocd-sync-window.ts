// prod changes only when a person syncs, and only inside the project's allow window.
import { defineCheck } from '../../checks/check.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdSyncWindow = defineCheck<TreeSubject>({
  id: 'argocd-sync-window',
  summary: 'project `prod` has a sync window',
  run: (subject) =>
    perProject(subject, ({ name, spec }) =>
      name === 'prod' && (spec.syncWindows ?? []).length === 0
        ? ['project prod must have a sync window']
        : [],
    ),
});
