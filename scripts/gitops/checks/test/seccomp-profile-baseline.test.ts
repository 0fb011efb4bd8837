import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { enforceBaseline, podSpec } from '../../test/fixture.js';

describe('seccomp-profile-baseline (PSA seccompProfile_baseline)', () => {
  it('refuses Unconfined in a baseline namespace', async () => {
    const f = mutate((f) => {
      enforceBaseline(f);
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
      enforceBaseline(f);
      delete podSpec(f).securityContext.seccompProfile;
    });
    await expectNoFinding(f, 'seccomp-profile-baseline');
  });
});
