import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, podSpec } from '../../test/fixture.js';

describe('unchecked-pod-template', () => {
  it('refuses a kind the pod checks do not know that embeds a pod spec', async () => {
    const f = mutate((f) => {
      f['gitops/apps/prod/rollout.yaml'] = [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: { name: 'app' },
          spec: {
            template: {
              spec: { containers: [{ name: 'app', image: 'app', securityContext: { privileged: true } }] },
            },
          },
        },
      ];
      doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('rollout.yaml');
    });
    await expectFinding(
      f,
      'gitops/apps/prod/rollout.yaml',
      'unchecked-pod-template',
      'Rollout demo/app: embeds a pod spec at /spec/template/spec',
    );
  });

  it('passes the kinds PSA knows (a Deployment)', async () => {
    await expectNoFinding(
      mutate((f) => {
        podSpec(f).containers[0].securityContext.privileged = false;
      }),
      'unchecked-pod-template',
    );
  });
});
