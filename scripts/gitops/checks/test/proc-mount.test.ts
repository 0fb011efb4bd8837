import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { namespaceLabels, podSpec } from '../../test/fixture.js';

const baseline = (f: Parameters<typeof namespaceLabels>[0]) => {
  namespaceLabels(f)['pod-security.kubernetes.io/enforce'] = 'baseline';
};

describe('proc-mount (PSA procMount)', () => {
  it('refuses an Unmasked /proc in a baseline namespace', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).containers[0].securityContext.procMount = 'Unmasked';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'proc-mount',
      'violates PodSecurity "baseline:latest": procMount (container "app" must not set securityContext.procMount to "Unmasked")',
    );
  });

  it('passes Unmasked in a user namespace (hostUsers: false) at baseline, as PSA does since v1.35', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).hostUsers = false;
      podSpec(f).containers[0].securityContext.procMount = 'Unmasked';
    });
    await expectNoFinding(f, 'proc-mount');
  });
});
