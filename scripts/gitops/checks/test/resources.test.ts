import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

const container = (f: Parameters<typeof podSpec>[0]) => podSpec(f).containers[0];

describe('resources', () => {
  it('refuses a container without a memory limit', async () => {
    const f = mutate((f) => delete container(f).resources.limits.memory);
    await expectFinding(f, DEPLOYMENT, 'resources', 'resources.limits.memory');
  });

  it('refuses a container without requests', async () => {
    const f = mutate((f) => delete container(f).resources.requests);
    await expectFinding(f, DEPLOYMENT, 'resources', 'resources.requests.cpu');
  });

  it('passes requests and limits on an init container too', async () => {
    const f = mutate((f) => {
      podSpec(f).initContainers = [{ ...structuredClone(container(f)), name: 'init' }];
    });
    await expectNoFinding(f, 'resources');
  });
});
