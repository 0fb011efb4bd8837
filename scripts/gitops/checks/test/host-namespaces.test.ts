import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('host-namespaces (PSA hostNamespaces)', () => {
  it('refuses a pod on the host network and PID namespace, in PSA words', async () => {
    const f = mutate((f) => Object.assign(podSpec(f), { hostNetwork: true, hostPID: true }));
    await expectFinding(
      f,
      DEPLOYMENT,
      'host-namespaces',
      'violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true, hostPID=true)',
    );
  });

  it('passes hostNetwork, hostPID and hostIPC set to false', async () => {
    await expectNoFinding(
      mutate((f) => Object.assign(podSpec(f), { hostNetwork: false, hostPID: false, hostIPC: false })),
      'host-namespaces',
    );
  });
});
