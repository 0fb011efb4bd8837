import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { namespaceLabels, podSpec } from '../../test/fixture.js';

const baseline = (f: Parameters<typeof namespaceLabels>[0]) => {
  namespaceLabels(f)['pod-security.kubernetes.io/enforce'] = 'baseline';
};

describe('seccomp-profile-baseline (PSA seccompProfile_baseline)', () => {
  it('refuses Unconfined in a baseline namespace', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'seccomp-profile-baseline',
      'violates PodSecurity "baseline:latest": seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });

  it('passes no seccomp profile at all in a baseline namespace', async () => {
    const f = mutate((f) => {
      baseline(f);
      delete podSpec(f).securityContext.seccompProfile;
    });
    await expectNoFinding(f, 'seccomp-profile-baseline');
  });
});
