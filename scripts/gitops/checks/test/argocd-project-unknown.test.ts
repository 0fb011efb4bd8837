// argocd-project-unknown: an Application naming a project its tree does not define is refused.
import { describe, it } from '@jest/globals';
import { argocdProjectUnknown as check } from '../argocd-project-unknown.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-project-unknown', () => {
  it('refuses a project the tree does not define', () =>
    expectProblem(
      check,
      (f) => {
        child(f).project = 'nowhere';
      },
      `${ARGO}/child.yaml`,
      'project "nowhere" is not defined in this tree',
    ));
});
