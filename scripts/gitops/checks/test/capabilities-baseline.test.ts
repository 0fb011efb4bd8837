import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { namespaceLabels, podSpec } from '../../test/fixture.js';

// Only in a baseline namespace: at restricted, capabilities-restricted replaces it (PSA's override).
const baseline = (f: Parameters<typeof namespaceLabels>[0]) => {
  namespaceLabels(f)['pod-security.kubernetes.io/enforce'] = 'baseline';
};

describe('capabilities-baseline (PSA capabilities_baseline)', () => {
  it('refuses NET_RAW in a baseline namespace', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).containers[0].securityContext.capabilities = { add: ['NET_RAW', 'CHOWN'] };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'capabilities-baseline',
      'violates PodSecurity "baseline:latest": non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
    );
  });

  it("passes the runtime's default set without drop ALL in a baseline namespace", async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).containers[0].securityContext.capabilities = {
        add: ['CHOWN', 'NET_BIND_SERVICE', 'SETUID'],
      };
    });
    await expectNoFinding(f, 'capabilities-baseline');
  });

  it('is replaced by capabilities-restricted in a restricted namespace (one finding, not two)', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] };
    });
    await expectNoFinding(f, 'capabilities-baseline');
  });
});
