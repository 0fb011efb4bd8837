// argocd-project-roles: role policies with a wildcard resource, action or object are refused; an exact one passes.
import { describe, expect, it } from '@jest/globals';
import { argocdProjectRoles as check } from '../argocd-project-roles.js';
import { ARGO, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

const withPolicy = (policy: string) => (f: Parameters<Parameters<typeof problemsAfter>[1]>[0]) => {
  demoProject(f).roles = [{ name: 'ci', policies: [policy] }];
};

describe('argocd-project-roles', () => {
  it.each([
    'p, proj:demo:ci, applications, *, demo/*, allow',
    'p, proj:demo:ci, applications, sync, demo/*, allow',
    'p, proj:demo:ci, *, get, demo/demo, allow',
    'p, proj:demo:ci, applications, sync',
  ])('refuses "%s"', (policy) =>
    expectProblem(
      check,
      withPolicy(policy),
      `${ARGO}/projects.yaml`,
      `role "ci" policy "${policy}" must name`,
    ),
  );

  it('accepts a policy that names its resource, action and object', async () => {
    expect(
      await problemsAfter(check, withPolicy('p, proj:demo:ci, applications, sync, demo/demo, allow')),
    ).toEqual([]);
  });
});
