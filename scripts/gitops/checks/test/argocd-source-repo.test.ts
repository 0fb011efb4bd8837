// argocd-source-repo: the Application's repository must be one its project allows, as Argo CD matches it
// (globs with `/` as separator, `!` deny entries, `.git` and case ignored).
import { describe, expect, it } from '@jest/globals';
import { REPO } from '../../test/fixture.js';
import { argocdSourceRepo as check } from '../argocd-source-repo.js';
import { ARGO, child, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

describe('argocd-source-repo', () => {
  it('refuses a repository the project does not list', () =>
    expectProblem(
      check,
      (f) => {
        child(f).source.repoURL = 'https://git.example.com/fork.git';
      },
      `${ARGO}/child.yaml`,
      'repoURL https://git.example.com/fork.git is not in project "demo"\'s sourceRepos',
    ));

  it('refuses a repository a deny entry excludes', () =>
    expectProblem(
      check,
      (f) => {
        demoProject(f).sourceRepos.push(`!${REPO}`);
      },
      `${ARGO}/child.yaml`,
      `repoURL ${REPO} is not in project "demo"'s sourceRepos`,
    ));

  it('refuses a repository listed in spec.sources that the project does not allow', () =>
    expectProblem(
      check,
      (f) => {
        child(f).sources = [{ repoURL: 'https://git.example.com/other.git', path: 'x' }];
      },
      `${ARGO}/child.yaml`,
      'repoURL https://git.example.com/other.git is not',
    ));

  it('accepts the repository as Argo CD compares it (case, .git) and through an alternatives glob', async () => {
    const problems = await problemsAfter(check, (f) => {
      child(f).source.repoURL = 'https://GIT.example.com/fork';
      demoProject(f).sourceRepos = ['https://git.example.com/{shop,fork}.git'];
    });
    expect(problems).toEqual([]);
  });
});
