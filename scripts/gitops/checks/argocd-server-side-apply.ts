// Some charts' CRDs exceed the 262144-byte last-applied annotation of client-side apply: their sync fails
// halfway unless Argo CD applies server-side.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

/** Charts whose CRDs exceed client-side apply's annotation limit. */
const SERVER_SIDE_APPLY_CHARTS = ['kube-prometheus-stack'];

export const argocdServerSideApply = defineCheck<TreeSubject>({
  id: 'argocd-server-side-apply',
  summary: 'kube-prometheus-stack syncs with `ServerSideApply=true`',
  run: (subject) =>
    perApp(subject, function* (app) {
      const chart = app.spec.source?.chart;
      if (
        chart !== undefined &&
        SERVER_SIDE_APPLY_CHARTS.includes(chart) &&
        !app.spec.syncPolicy?.syncOptions?.includes('ServerSideApply=true')
      )
        yield `chart ${chart} has CRDs too large for client-side apply: add syncOptions ServerSideApply=true`;
    }),
});
