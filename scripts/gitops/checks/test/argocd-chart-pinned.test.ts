// argocd-chart-pinned: a chart at a version range is refused.
import { describe, it } from '@jest/globals';
import { argocdChartPinned as check } from '../argocd-chart-pinned.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-chart-pinned', () => {
  it.each(['1.*', 'main', ''])('refuses a chart at "%s"', (targetRevision) =>
    expectProblem(
      check,
      (f) => {
        child(f).source = { repoURL: 'https://charts.example.com', chart: 'thing', targetRevision };
      },
      `${ARGO}/child.yaml`,
      `must be pinned to an exact version, not "${targetRevision}"`,
    ),
  );
});
