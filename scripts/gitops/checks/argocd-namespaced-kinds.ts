// Every namespaced kind an Application's path renders is one its project allows (namespaceResourceWhitelist
// when set, never the blacklist): the admin project, for one, may only create Applications, AppProjects
// and ConfigMaps. Otherwise Argo CD refuses the sync after the validator said yes.
import { defineCheck } from '../../checks/check.js';
import { perApp, refusedObjects } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdNamespacedKinds = defineCheck<TreeSubject>({
  id: 'argocd-namespaced-kinds',
  summary:
    "every namespaced kind an Application's path renders is allowed by its project's `namespaceResourceWhitelist` (when set) and not in its `namespaceResourceBlacklist`",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      for (const { kind, name, from, project } of refusedObjects(subject, argo, app, true))
        yield `deploys ${kind} "${name}" (from ${from}), a kind project "${project}" does not allow`;
    }),
});
