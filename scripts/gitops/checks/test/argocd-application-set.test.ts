// argocd-application-set: an ApplicationSet (whose Applications only the cluster would see) is refused.
import { describe, it } from '@jest/globals';
import { REPO } from '../../test/fixture.js';
import { argocdApplicationSet as check } from '../argocd-application-set.js';
import { ARGO, expectProblem } from './argocd-fixture.js';

describe('argocd-application-set', () => {
  it('refuses an ApplicationSet', () =>
    expectProblem(
      check,
      (f) => {
        f[`${ARGO}/child.yaml`]?.push({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          metadata: { name: 'everything' },
          spec: {
            generators: [{ git: { repoURL: REPO, revision: 'main', directories: [{ path: 'gitops/*' }] } }],
            template: {
              metadata: { name: '{{path.basename}}' },
              spec: {
                project: 'default',
                source: { repoURL: REPO, targetRevision: 'main', path: '{{path}}' },
                destination: { server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}' },
              },
            },
          },
        });
      },
      `${ARGO}/child.yaml`,
      'ApplicationSet argocd/everything: generates Applications the validator never sees',
    ));
});
