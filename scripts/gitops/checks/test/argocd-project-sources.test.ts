// argocd-project-sources: sourceRepos globs that match more than a list of repositories are refused; a
// glob that names exact repositories is not.
import { describe, expect, it } from '@jest/globals';
import { REPO } from '../../test/fixture.js';
import { argocdProjectSources as check } from '../argocd-project-sources.js';
import { ARGO, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

describe('argocd-project-sources', () => {
  it.each([
    '*',
    'https://git.example.com/*',
    'https://git.example.com/sho?.git',
    '!https://evil.example.com/x.git',
  ])('refuses sourceRepos "%s"', (repo) =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).sourceRepos = [REPO, repo];
      },
      `${ARGO}/projects.yaml`,
      `"${repo}" matches any number of them`,
    ),
  );

  it('refuses a project with no sourceRepos', () =>
    expectProblem(check, (f) => delete demoProject(f).sourceRepos, `${ARGO}/projects.yaml`, 'no wildcard'));

  it('accepts alternatives that name exact repositories', async () => {
    const problems = await problemsAfter(check, (f) => {
      demoProject(f).sourceRepos = ['https://git.example.com/{shop,charts}.git'];
    });
    expect(problems).toEqual([]);
  });
});
