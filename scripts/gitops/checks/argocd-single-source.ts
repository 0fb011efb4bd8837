// The validator renders an Application's one `spec.source`. When `spec.sources` is set, Argo CD deploys
// those instead and ignores `spec.source`, so what it deploys would not be what was checked.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdSingleSource = defineCheck<TreeSubject>({
  id: 'argocd-single-source',
  summary:
    'an Application has one `spec.source` and no `spec.sources` (Argo CD deploys `spec.sources` instead of the source the validator rendered)',
  run: (subject) =>
    perApp(subject, function* (app) {
      if ((app.spec.sources ?? []).length > 0)
        yield `spec.sources (${app.spec.sources?.map((s) => s.repoURL).join(', ')}) replaces spec.source in Argo CD and is not what the validator rendered: use one spec.source`;
      else if (!app.spec.source) yield 'spec.source is required (one source per Application here)';
    }),
});
