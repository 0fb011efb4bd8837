// argocd-target-revision: an Application of this repository at another revision than the root follows.
import { describe, expect, it } from '@jest/globals';
import { doc } from '../../test/fixture.js';
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

  it("without an admin root, refuses the tree's Applications of this repository when they disagree", () =>
    expectProblem(
      check,
      (f) => {
        doc(f, `${ARGO}/root.yaml`).spec.project = 'demo';
        child(f).source.targetRevision = 'release-1';
      },
      `${ARGO}/child.yaml`,
      'targetRevision "release-1": this repository\'s Applications follow',
    ));

  it('leaves other repositories (charts) to their own pins', async () => {
    const problems = await problemsAfter(check, (f) => {
      child(f).source = { repoURL: 'https://charts.example.com', chart: 'thing', targetRevision: '1.2.3' };
      demoProject(f).sourceRepos.push('https://charts.example.com');
    });
    expect(problems).toEqual([]);
  });
});
