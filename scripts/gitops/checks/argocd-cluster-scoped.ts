// Every cluster-scoped object an Application's path renders is a kind its project allows (whitelisted,
// by name where the entry names one, and not blacklisted, matched as Argo CD matches them): otherwise
// Argo CD refuses the sync, or the project allows more than it should.
import { defineCheck } from '../../checks/check.js';
import { perApp, refusedObjects } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdClusterScoped = defineCheck<TreeSubject>({
  id: 'argocd-cluster-scoped',
  summary:
    "every cluster-scoped kind an Application's path renders is in its project's `clusterResourceWhitelist` (by name where an entry names one) and not in its `clusterResourceBlacklist`",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      for (const { kind, name, from, project } of refusedObjects(subject, argo, app, false))
        yield `deploys cluster-scoped ${kind} "${name}" (from ${from}), which project "${project}" does not whitelist`;
    }),
});
