// argocd-target-revision: an Application of this repository at another revision than the root follows.
import { describe, expect, it } from '@jest/globals';
import { argocdTargetRevision as check } from '../argocd-target-revision.js';
import { ARGO, child, demoProject, expectProblem, problemsAfter } from './argocd-fixture.js';

describe('argocd-target-revision', () => {
  it('refuses a child that follows a tag while the root follows main', () =>
    expectProblem(
      check,
      (f) => {
        child(f).source.targetRevision = 'v0.1.0';
      },
      `${ARGO}/child.yaml`,
      'targetRevision "v0.1.0" is not "main", which root follows',
    ));

  it('leaves other repositories (charts) to their own pins', async () => {
    const problems = await problemsAfter(check, (f) => {
      child(f).source = { repoURL: 'https://charts.example.com', chart: 'thing', targetRevision: '1.2.3' };
      demoProject(f).sourceRepos.push('https://charts.example.com');
    });
    expect(problems).toEqual([]);
  });
});
