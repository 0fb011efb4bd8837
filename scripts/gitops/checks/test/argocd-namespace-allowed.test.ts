// argocd-namespace-allowed: the child's objects carry namespace demo; a project that no longer allows it,
// while the Application's destination is allowed, is refused.
import { describe, it } from '@jest/globals';
import { argocdNamespaceAllowed as check } from '../argocd-namespace-allowed.js';
import { ARGO, child, demoProject, expectProblem } from './argocd-fixture.js';

describe('argocd-namespace-allowed', () => {
  it('refuses objects rendered into a namespace the project does not allow', () =>
    expectProblem(
      check,
      (f) => {
        child(f).destination.namespace = 'other';
        demoProject(f).destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'other' });
        demoProject(f).destinations.splice(0, 1);
      },
      `${ARGO}/child.yaml`,
      'into namespace "demo" (from gitops/apps/prod), which project "demo" does not allow',
    ));
});
