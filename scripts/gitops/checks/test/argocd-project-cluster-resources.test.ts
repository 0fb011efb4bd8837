// argocd-project-cluster-resources: a missing whitelist, and a whitelist entry that is a pattern, are refused.
import { describe, it } from '@jest/globals';
import { argocdProjectClusterResources as check } from '../argocd-project-cluster-resources.js';
import { ARGO, demoProject, expectProblem } from './argocd-fixture.js';

describe('argocd-project-cluster-resources', () => {
  it('refuses a project without clusterResourceWhitelist', () =>
    expectProblem(
      check,
      (f) => delete demoProject(f).clusterResourceWhitelist,
      `${ARGO}/projects.yaml`,
      'clusterResourceWhitelist must be explicit (an empty list allows none)',
    ));

  it.each([
    ['*', '*'],
    ['', '*'],
    ['rbac.authorization.k8s.io', 'Cluster*'],
    ['', 'Namespac[e]'],
  ])('refuses the entry group "%s" kind "%s"', (group, kind) =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).clusterResourceWhitelist.push({ group, kind });
      },
      `${ARGO}/projects.yaml`,
      `group "${group}" kind "${kind}" is a pattern`,
    ),
  );
});
