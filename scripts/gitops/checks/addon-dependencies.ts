// Manifests that only work when a cluster add-on serves them: an HPA on CPU or memory needs the resource
// metrics API (metrics-server), an Ingress of class alb needs the AWS Load Balancer Controller. EKS ships
// neither, so an app-of-apps tree that deploys such a manifest must also deploy the add-on, pinned, from
// git; otherwise the HPA never scales and the Ingress never gets a load balancer, silently.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { chartSource } from '../charts.js';
import { type K8sObject, list, record } from '../model.js';
import { objectProblem, type TreeSubject } from './subject.js';

interface Need {
  readonly chart: string;
  readonly why: string;
  readonly needs: (object: K8sObject) => boolean;
}

const NEEDS: readonly Need[] = [
  {
    chart: 'metrics-server',
    why: 'scales on a Resource metric (the metrics.k8s.io API metrics-server serves)',
    needs: (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      list(record(o.spec)?.metrics).some((m) => record(m)?.type === 'Resource'),
  },
  {
    chart: 'aws-load-balancer-controller',
    why: 'has ingressClassName alb (served by the AWS Load Balancer Controller)',
    needs: (o) => o.kind === 'Ingress' && record(o.spec)?.ingressClassName === 'alb',
  },
];

export function addonProblems(subject: TreeSubject): Problem[] {
  if (!subject.deployable) return [];
  const apps = subject.tree.objects.filter((o) => o.object.kind === 'Application');
  const charts = new Set(apps.flatMap((a) => chartSource(a.object)?.chart ?? []));
  const out: Problem[] = [];
  for (const app of apps) {
    const path = record(record(app.object.spec)?.source)?.path;
    const child = typeof path === 'string' ? subject.trees.get(path.replace(/\/+$/, '')) : undefined;
    for (const need of NEEDS) {
      if (charts.has(need.chart)) continue;
      const user = child?.objects.find((o) => need.needs(o.object));
      if (user)
        out.push(
          objectProblem(
            subject,
            app,
            `deploys ${user.object.kind} ${user.object.metadata?.name} (${child?.dir}), which ${need.why}, and no Application of this tree installs chart ${need.chart}`,
          ),
        );
    }
  }
  return out;
}

export const addonDependencies = defineCheck<TreeSubject>({
  id: 'addon-dependencies',
  summary:
    'an app-of-apps tree that deploys an HPA on a Resource metric also deploys metrics-server, and one that deploys an Ingress of class alb also deploys the AWS Load Balancer Controller',
  run: addonProblems,
});
