import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('service-account-token', () => {
  it('refuses a pod that mounts the API token', async () => {
    const f = mutate((f) => delete podSpec(f).automountServiceAccountToken);
    await expectFinding(f, DEPLOYMENT, 'service-account-token', 'automountServiceAccountToken=false');
  });

  it('passes the fixture as written (automountServiceAccountToken: false)', async () => {
    await expectNoFinding(
      mutate(() => undefined),
      'service-account-token',
    );
  });
});
