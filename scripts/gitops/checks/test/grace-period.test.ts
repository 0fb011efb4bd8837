import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('grace-period', () => {
  it('refuses a grace period no longer than the drain', async () => {
    const f = mutate((f) => {
      podSpec(f).terminationGracePeriodSeconds = 10;
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'grace-period',
      'terminationGracePeriodSeconds 10 must exceed container "app"\'s drain SHUTDOWN_TIMEOUT_MS=10000 ms',
    );
  });

  it('passes 11 s over a 10 s drain', async () => {
    const f = mutate((f) => {
      podSpec(f).terminationGracePeriodSeconds = 11;
    });
    await expectNoFinding(f, 'grace-period');
  });
});
