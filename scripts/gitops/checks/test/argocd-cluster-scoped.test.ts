// argocd-cluster-scoped: the child renders the Namespace demo; a project that does not whitelist it (or
// whitelists it under another name, or blacklists it) is refused.
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
      'deploys cluster-scoped Namespace "demo" (from gitops/apps/prod), which project "demo" does not whitelist',
    ));

  it.each<[string, Record<string, unknown>]>([
    [
      'whitelists another name only',
      { clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'other' }] },
    ],
    ['blacklists it', { clusterResourceBlacklist: [{ group: '', kind: 'Namespace' }] }],
    ['blacklists it by pattern', { clusterResourceBlacklist: [{ group: '*', kind: 'Name*' }] }],
  ])('refuses a project that %s', (_name, lists) =>
    expectProblem(
      check,
      (f) => Object.assign(demoProject(f), lists),
      `${ARGO}/child.yaml`,
      'deploys cluster-scoped Namespace "demo" (from gitops/apps/prod), which project "demo" does not whitelist',
    ),
  );
});
