import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('run-as-user (PSA runAsUser)', () => {
  it('refuses runAsUser 0 on a container', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.runAsUser = 0;
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'run-as-user',
      'runAsUser=0 (container "app" must not set runAsUser=0)',
    );
  });

  it('passes runAsUser 0 in a user namespace (hostUsers: false), as PSA does since v1.35', async () => {
    const f = mutate((f) => {
      podSpec(f).hostUsers = false;
      podSpec(f).securityContext.runAsUser = 0;
    });
    await expectNoFinding(f, 'run-as-user');
  });
});
