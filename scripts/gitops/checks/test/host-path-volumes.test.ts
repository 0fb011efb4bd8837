import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { namespaceLabels, podSpec } from '../../test/fixture.js';

const baseline = (f: Parameters<typeof namespaceLabels>[0]) => {
  namespaceLabels(f)['pod-security.kubernetes.io/enforce'] = 'baseline';
};

describe('host-path-volumes (PSA hostPathVolumes)', () => {
  it('refuses a hostPath volume in a baseline namespace', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'host-path-volumes',
      'violates PodSecurity "baseline:latest": hostPath volumes (volume "host")',
    );
  });

  it('passes an nfs volume in a baseline namespace (only restricted refuses it)', async () => {
    const f = mutate((f) => {
      baseline(f);
      podSpec(f).volumes.push({ name: 'shared', nfs: { server: 'nfs.example.com', path: '/x' } });
    });
    await expectNoFinding(f, 'host-path-volumes');
  });
});
