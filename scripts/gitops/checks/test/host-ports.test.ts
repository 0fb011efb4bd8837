import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('host-ports (PSA hostPorts)', () => {
  it('refuses a hostPort', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].ports = [{ containerPort: 8080, hostPort: 8080 }];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'host-ports',
      'violates PodSecurity "restricted:latest": hostPort (container "app" uses hostPort 8080)',
    );
  });

  it('passes hostPort 0 (unset)', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].ports = [{ containerPort: 8080, hostPort: 0 }];
    });
    await expectNoFinding(f, 'host-ports');
  });
});
