// argocd-health-check: an app-of-apps tree whose argocd-cm lacks the Application health check is refused.
import { describe, it } from '@jest/globals';
import { doc } from '../../test/fixture.js';
import { argocdHealthCheck as check } from '../argocd-health-check.js';
import { ARGO, expectProblem } from './argocd-fixture.js';

describe('argocd-health-check', () => {
  it('refuses an app-of-apps without the Application health check', () =>
    expectProblem(
      check,
      (f) => {
        doc(f, `${ARGO}/argocd-cm.yaml`).data = {};
      },
      `${ARGO}/root.yaml`,
      'resource.customizations.health.argoproj.io_Application',
    ));
});
