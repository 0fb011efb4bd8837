// A chart at a range or a branch changes under the validator's feet: pin the exact version.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export const argocdChartPinned = defineCheck<TreeSubject>({
  id: 'argocd-chart-pinned',
  summary: 'a chart source is pinned to an exact version',
  run: (subject) =>
    perApp(subject, function* (app) {
      const source = app.spec.source;
      if (source?.chart !== undefined && !EXACT_VERSION.test(source.targetRevision ?? ''))
        yield `chart ${source.chart} must be pinned to an exact version, not "${source.targetRevision ?? ''}"`;
    }),
});
