import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('proc-mount-restricted (PSA procMount_restricted)', () => {
  it('refuses Unmasked at restricted even in a user namespace', async () => {
    const f = mutate((f) => {
      podSpec(f).hostUsers = false;
      podSpec(f).containers[0].securityContext.procMount = 'Unmasked';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'proc-mount-restricted',
      'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
    );
  });

  it('passes procMount Default', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.procMount = 'Default';
    });
    await expectNoFinding(f, 'proc-mount-restricted');
  });
});
