// argocd-child-path: a path of this repository the validator did not render is refused.
import { describe, it } from '@jest/globals';
import { argocdChildPath as check } from '../argocd-child-path.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-child-path', () => {
  it('refuses a path that is not a kustomization under the GitOps root', () =>
    expectProblem(
      check,
      (f) => {
        child(f).source.path = 'gitops/nowhere';
      },
      `${ARGO}/child.yaml`,
      'source path "gitops/nowhere" is not a kustomization under the GitOps root',
    ));
});
