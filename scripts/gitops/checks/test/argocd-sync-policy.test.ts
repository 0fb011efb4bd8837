// argocd-sync-policy: prod with automated sync, and dev without prune and self-heal, are refused.
import { describe, it } from '@jest/globals';
import { project } from '../../test/fixture.js';
import { argocdSyncPolicy as check } from '../argocd-sync-policy.js';
import { ARGO, child, expectProblem } from './argocd-fixture.js';

describe('argocd-sync-policy', () => {
  it('refuses a prod Application with automated sync', () =>
    expectProblem(
      check,
      (f) => {
        f[`${ARGO}/projects.yaml`]?.push(project('prod', ['demo'], [{ group: '', kind: 'Namespace' }]));
        child(f).project = 'prod';
        child(f).syncPolicy = { automated: { prune: true } };
      },
      `${ARGO}/child.yaml`,
      'prod Applications sync by hand',
    ));

  it('refuses a dev Application without prune and self-heal', () =>
    expectProblem(
      check,
      (f) => {
        f[`${ARGO}/projects.yaml`]?.push(project('dev', ['demo'], [{ group: '', kind: 'Namespace' }]));
        child(f).project = 'dev';
        child(f).syncPolicy = { automated: { prune: true } };
      },
      `${ARGO}/child.yaml`,
      'dev Applications sync automatically',
    ));
});
