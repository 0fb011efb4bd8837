// argocd-cluster-scoped: the child renders a Namespace; a project that does not whitelist it is refused.
import { describe, it } from '@jest/globals';
import { argocdClusterScoped as check } from '../argocd-cluster-scoped.js';
import { ARGO, demoProject, expectProblem } from './argocd-fixture.js';

describe('argocd-cluster-scoped', () => {
  it('refuses a cluster-scoped kind the project does not whitelist', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).clusterResourceWhitelist = [];
      },
      `${ARGO}/child.yaml`,
      'deploys cluster-scoped Namespace "demo" (from gitops/envs/prod), which project "demo" does not whitelist',
    ));
});
