// argocd-sync-window: a prod project without a sync window is refused.
import { describe, it } from '@jest/globals';
import { project } from '../../test/fixture.js';
import { argocdSyncWindow as check } from '../argocd-sync-window.js';
import { ARGO, expectProblem } from './argocd-fixture.js';

describe('argocd-sync-window', () => {
  it('refuses a prod project without a sync window', () =>
    expectProblem(
      check,
      (f) => {
        f[`${ARGO}/projects.yaml`]?.push(project('prod', ['demo'], []));
      },
      `${ARGO}/projects.yaml`,
      'project prod must have a sync window',
    ));
});
