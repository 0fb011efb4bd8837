// argocd-namespaced-kinds: the child renders a Deployment, a NetworkPolicy and a PodDisruptionBudget into
// namespace demo; a project whose namespace resource lists leave one out is refused.
import { describe, expect, it } from '@jest/globals';
import { argocdNamespacedKinds as check } from '../argocd-namespaced-kinds.js';
import { ARGO, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

const TEXT = 'deploys Deployment "app" (from gitops/apps/prod), a kind project "demo" does not allow';

describe('argocd-namespaced-kinds', () => {
  it('refuses a kind the whitelist leaves out', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).namespaceResourceWhitelist = [
          { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
          { group: 'policy', kind: 'PodDisruptionBudget' },
        ];
      },
      `${ARGO}/child.yaml`,
      TEXT,
    ));

  it('refuses every kind when the whitelist is empty', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).namespaceResourceWhitelist = [];
      },
      `${ARGO}/child.yaml`,
      TEXT,
    ));

  it('refuses a kind the blacklist names by pattern', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).namespaceResourceBlacklist = [{ group: 'apps', kind: 'Deploy*' }];
      },
      `${ARGO}/child.yaml`,
      TEXT,
    ));

  it('accepts the kinds a whitelist names, by pattern too', async () => {
    const problems = await problemsAfter(check, (f) => {
      demoProject(f).namespaceResourceWhitelist = [
        { group: 'apps', kind: 'Deployment' },
        { group: '*', kind: '*Policy' },
        { group: 'policy', kind: 'PodDisruptionBudge[t]' },
      ];
    });
    expect(problems).toEqual([]);
  });
});
