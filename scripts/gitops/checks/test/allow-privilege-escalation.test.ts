import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

const container = (f: Parameters<typeof podSpec>[0]) => podSpec(f).containers[0];

describe('allow-privilege-escalation (PSA allowPrivilegeEscalation)', () => {
  it('refuses allowPrivilegeEscalation unset', async () => {
    const f = mutate((f) => delete container(f).securityContext.allowPrivilegeEscalation);
    await expectFinding(
      f,
      DEPLOYMENT,
      'allow-privilege-escalation',
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
    );
  });

  it('refuses it unset on an initContainer', async () => {
    const f = mutate((f) => {
      podSpec(f).initContainers = [{ ...structuredClone(container(f)), name: 'init' }];
      delete podSpec(f).initContainers[0].securityContext.allowPrivilegeEscalation;
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'allow-privilege-escalation',
      'allowPrivilegeEscalation != false (container "init" must set securityContext.allowPrivilegeEscalation=false)',
    );
  });

  it('passes a Windows pod without it (PSA exempts them since v1.25)', async () => {
    const f = mutate((f) => {
      podSpec(f).os = { name: 'windows' };
      delete container(f).securityContext.allowPrivilegeEscalation;
    });
    await expectNoFinding(f, 'allow-privilege-escalation');
  });
});
