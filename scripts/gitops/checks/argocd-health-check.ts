// Argo CD 1.8 removed the health of Application resources from its defaults: without the Lua check in
// argocd-cm, an app-of-apps' sync waves do not wait for a child Application to be healthy.
import { defineCheck } from '../../checks/check.js';
import { ADMIN_PROJECT, argoTree } from '../argocd/model.js';
import { objectProblem, type TreeSubject } from './subject.js';

const HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

export const argocdHealthCheck = defineCheck<TreeSubject>({
  id: 'argocd-health-check',
  summary: 'an app-of-apps tree ships `argocd-cm` with the Application health check',
  run(subject) {
    const root = argoTree(subject)?.apps.find((a) => a.spec.project === ADMIN_PROJECT);
    if (!root) return [];
    const cm = subject.tree.objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === 'argocd-cm',
    );
    const data = (cm?.object.data ?? {}) as Record<string, string>;
    return data[HEALTH_KEY]?.includes('obj.status.health')
      ? []
      : [
          objectProblem(
            subject,
            root.item,
            `an app-of-apps tree must ship argocd-cm with ${HEALTH_KEY} (removed from Argo CD's defaults in 1.8), or its sync waves do not wait`,
          ),
        ];
  },
});
