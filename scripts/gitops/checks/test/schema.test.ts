import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('schema', () => {
  it('refuses a wrong type', async () => {
    const f = mutate((f) => {
      podSpec(f).terminationGracePeriodSeconds = 'thirty';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'schema',
      '/spec/template/spec/terminationGracePeriodSeconds must be integer',
    );
  });

  it('passes an integer', async () => {
    const f = mutate((f) => {
      podSpec(f).terminationGracePeriodSeconds = 45;
    });
    await expectNoFinding(f, 'schema');
  });
});
