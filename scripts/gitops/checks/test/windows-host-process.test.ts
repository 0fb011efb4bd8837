import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('windows-host-process (PSA windowsHostProcess)', () => {
  it('refuses a HostProcess container', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.windowsOptions = { hostProcess: true };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'windows-host-process',
      'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
    );
  });

  it('passes hostProcess: false', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.windowsOptions = { hostProcess: false };
    });
    await expectNoFinding(f, 'windows-host-process');
  });
});
