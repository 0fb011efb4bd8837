// argocd-project-source-namespaces: Applications allowed outside Argo CD's namespace are refused.
import { describe, it } from '@jest/globals';
import { argocdProjectSourceNamespaces as check } from '../argocd-project-source-namespaces.js';
import { ARGO, demoProject, expectProblem } from './argocd-fixture.js';

describe('argocd-project-source-namespaces', () => {
  it('refuses sourceNamespaces', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).sourceNamespaces = ['team-*'];
      },
      `${ARGO}/projects.yaml`,
      "sourceNamespaces (team-*) lets Applications be created outside Argo CD's namespace",
    ));
});
