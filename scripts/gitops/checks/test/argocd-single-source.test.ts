// argocd-single-source: spec.sources (which Argo CD deploys instead of spec.source) and a missing source.
import { describe, it } from '@jest/globals';
import { argocdSingleSource as check } from '../argocd-single-source.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-single-source', () => {
  it('refuses spec.sources pointing at another repository beside the checked spec.source', () =>
    expectProblem(
      check,
      (f) => {
        child(f).sources = [
          { repoURL: 'https://git.example.com/other.git', path: 'deploy', targetRevision: 'main' },
        ];
      },
      `${ARGO}/child.yaml`,
      'spec.sources (https://git.example.com/other.git) replaces spec.source',
    ));

  it('refuses an Application with no source', () =>
    expectProblem(check, (f) => delete child(f).source, `${ARGO}/child.yaml`, 'spec.source is required'));
});
