import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('host-probes-and-host-lifecycle-hooks (PSA hostProbesAndHostLifecycle)', () => {
  it('refuses a probe and a preStop hook that name a host', async () => {
    const f = mutate((f) => {
      const c = podSpec(f).containers[0];
      c.readinessProbe.httpGet.host = 'metadata.internal';
      c.lifecycle = { preStop: { tcpSocket: { host: '10.0.0.1', port: 80 } } };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'host-probes-and-host-lifecycle-hooks',
      'probe or lifecycle host (container "app" uses probe or lifecycle hosts "10.0.0.1", "metadata.internal")',
    );
  });

  it('passes an empty host', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].readinessProbe.httpGet.host = '';
    });
    await expectNoFinding(f, 'host-probes-and-host-lifecycle-hooks');
  });
});
