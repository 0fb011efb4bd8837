// dev follows git on its own (prune and self-heal); prod changes only when a person syncs.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdSyncPolicy = defineCheck<TreeSubject>({
  id: 'argocd-sync-policy',
  summary: 'prod Applications have no automated sync; dev ones sync automatically with prune and self-heal',
  run: (subject) =>
    perApp(subject, function* ({ spec }) {
      const automated = spec.syncPolicy?.automated;
      if (spec.project === 'prod' && automated)
        yield 'prod Applications sync by hand: remove syncPolicy.automated';
      else if (spec.project === 'dev' && (automated?.prune !== true || automated.selfHeal !== true))
        yield 'dev Applications sync automatically: set syncPolicy.automated prune and selfHeal';
    }),
});
