import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('run-as-uid', () => {
  it('refuses another uid', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.runAsUser = 1000;
    });
    await expectFinding(f, DEPLOYMENT, 'run-as-uid', 'uid 65532');
  });

  it('passes a container that repeats uid 65532', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.runAsUser = 65532;
    });
    await expectNoFinding(f, 'run-as-uid');
  });
});
