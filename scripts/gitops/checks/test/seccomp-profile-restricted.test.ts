import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('seccomp-profile-restricted (PSA seccompProfile_restricted)', () => {
  it('refuses Unconfined on the pod', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.seccompProfile = { type: 'Unconfined' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'seccomp-profile-restricted',
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });

  it('refuses a seccomp profile set nowhere', async () => {
    const f = mutate((f) => delete podSpec(f).securityContext.seccompProfile);
    await expectFinding(
      f,
      DEPLOYMENT,
      'seccomp-profile-restricted',
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('passes Localhost on every container with none on the pod', async () => {
    const f = mutate((f) => {
      delete podSpec(f).securityContext.seccompProfile;
      podSpec(f).containers[0].securityContext.seccompProfile = {
        type: 'Localhost',
        localhostProfile: 'app.json',
      };
    });
    await expectNoFinding(f, 'seccomp-profile-restricted');
  });

  it('passes a Windows pod without one (PSA exempts them since v1.25)', async () => {
    const f = mutate((f) => {
      podSpec(f).os = { name: 'windows' };
      delete podSpec(f).securityContext.seccompProfile;
    });
    await expectNoFinding(f, 'seccomp-profile-restricted');
  });
});
