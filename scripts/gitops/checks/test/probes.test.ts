import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

const container = (f: Parameters<typeof podSpec>[0]) => podSpec(f).containers[0];

describe('probes', () => {
  it('refuses readiness on /health', async () => {
    const f = mutate((f) => {
      container(f).readinessProbe.httpGet.path = '/health';
    });
    await expectFinding(f, DEPLOYMENT, 'probes', 'readinessProbe with httpGet.path /ready');
  });

  it('refuses a missing startup probe', async () => {
    const f = mutate((f) => delete container(f).startupProbe);
    await expectFinding(f, DEPLOYMENT, 'probes', 'startupProbe with httpGet.path /health');
  });

  it('passes an init container without probes (they only apply to long-running containers)', async () => {
    const f = mutate((f) => {
      const init = structuredClone(container(f));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) delete init[probe];
      podSpec(f).initContainers = [{ ...init, name: 'init' }];
    });
    await expectNoFinding(f, 'probes');
  });
});
