import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

const container = (f: Parameters<typeof podSpec>[0]) => podSpec(f).containers[0];

describe('read-only-root', () => {
  it('refuses a writable root filesystem', async () => {
    const f = mutate((f) => delete container(f).securityContext.readOnlyRootFilesystem);
    await expectFinding(f, DEPLOYMENT, 'read-only-root', 'readOnlyRootFilesystem=true');
  });

  it('refuses a writable emptyDir outside /tmp', async () => {
    const f = mutate((f) => {
      container(f).volumeMounts[0].mountPath = '/data';
    });
    await expectFinding(f, DEPLOYMENT, 'read-only-root', 'at /data: only /tmp may be writable');
  });

  it('passes a configMap mounted outside /tmp (read-only by nature)', async () => {
    const f = mutate((f) => {
      podSpec(f).volumes.push({ name: 'config', configMap: { name: 'x' } });
      container(f).volumeMounts.push({ name: 'config', mountPath: '/etc/app' });
    });
    await expectNoFinding(f, 'read-only-root');
  });
});
