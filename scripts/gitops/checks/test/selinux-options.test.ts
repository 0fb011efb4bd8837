import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('selinux-options (PSA seLinuxOptions)', () => {
  it('refuses a forbidden type and a user', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.seLinuxOptions = { type: 'spc_t', user: 'system_u' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'selinux-options',
      'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    );
  });

  it('passes container_engine_t (allowed since v1.31) and a level', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.seLinuxOptions = { type: 'container_engine_t', level: 's0:c1,c2' };
    });
    await expectNoFinding(f, 'selinux-options');
  });
});
