// argocd-project-orphans: a project that does not warn about orphaned resources is refused.
import { describe, it } from '@jest/globals';
import { argocdProjectOrphans as check } from '../argocd-project-orphans.js';
import { ARGO, demoProject, expectProblem } from './argocd-fixture.js';

describe('argocd-project-orphans', () => {
  it('refuses a project without orphanedResources.warn', () =>
    expectProblem(
      check,
      (f) => delete demoProject(f).orphanedResources,
      `${ARGO}/projects.yaml`,
      'orphanedResources.warn must be true',
    ));
});
