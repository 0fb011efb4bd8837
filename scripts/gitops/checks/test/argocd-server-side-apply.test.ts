// argocd-server-side-apply: kube-prometheus-stack without ServerSideApply=true is refused.
import { describe, it } from '@jest/globals';
import { argocdServerSideApply as check } from '../argocd-server-side-apply.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-server-side-apply', () => {
  it('refuses kube-prometheus-stack without server-side apply', () =>
    expectProblem(
      check,
      (f) => {
        child(f).source = {
          repoURL: 'https://prometheus-community.github.io/helm-charts',
          chart: 'kube-prometheus-stack',
          targetRevision: '75.13.0',
        };
      },
      `${ARGO}/child.yaml`,
      'add syncOptions ServerSideApply=true',
    ));
});
