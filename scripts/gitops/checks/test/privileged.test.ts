import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('privileged (PSA privileged)', () => {
  it('refuses a privileged container', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.privileged = true;
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'privileged',
      'violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)',
    );
  });

  it('passes privileged: false', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.privileged = false;
    });
    await expectNoFinding(f, 'privileged');
  });
});
