import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

const container = (f: Parameters<typeof podSpec>[0]) => podSpec(f).containers[0];

describe('capabilities-restricted (PSA capabilities_restricted)', () => {
  it('refuses a container that does not drop ALL', async () => {
    const f = mutate((f) => delete container(f).securityContext.capabilities);
    await expectFinding(
      f,
      DEPLOYMENT,
      'capabilities-restricted',
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
    );
  });

  it('refuses a capability other than NET_BIND_SERVICE', async () => {
    const f = mutate((f) => {
      container(f).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'capabilities-restricted',
      'unrestricted capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
    );
  });

  it('passes drop ALL with NET_BIND_SERVICE added', async () => {
    const f = mutate((f) => {
      container(f).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    });
    await expectNoFinding(f, 'capabilities-restricted');
  });

  it('passes a Windows pod that sets no capabilities (PSA exempts them since v1.25)', async () => {
    const f = mutate((f) => {
      podSpec(f).os = { name: 'windows' };
      delete container(f).securityContext.capabilities;
    });
    await expectNoFinding(f, 'capabilities-restricted');
  });
});
