import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('restricted-volumes (PSA restrictedVolumes)', () => {
  it('refuses a hostPath volume', async () => {
    const f = mutate((f) => {
      podSpec(f).volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'restricted-volumes',
      'restricted volume types (volume "host" uses restricted volume type "hostPath")',
    );
  });

  it('passes a volume that names no source (the API server makes it an emptyDir)', async () => {
    const f = mutate((f) => {
      podSpec(f).volumes.push({ name: 'scratch' });
    });
    await expectNoFinding(f, 'restricted-volumes');
  });

  it('passes configMap, projected and csi volumes', async () => {
    const f = mutate((f) => {
      podSpec(f).volumes.push(
        { name: 'config', configMap: { name: 'x' } },
        { name: 'token', projected: { sources: [] } },
        { name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io' } },
      );
    });
    await expectNoFinding(f, 'restricted-volumes');
  });
});
