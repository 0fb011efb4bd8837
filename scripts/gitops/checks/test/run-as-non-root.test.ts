import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('run-as-non-root (PSA runAsNonRoot)', () => {
  it('refuses runAsNonRoot false on the pod', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.runAsNonRoot = false;
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'run-as-non-root',
      'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
    );
  });

  it('refuses runAsNonRoot set nowhere', async () => {
    const f = mutate((f) => delete podSpec(f).securityContext.runAsNonRoot);
    await expectFinding(
      f,
      DEPLOYMENT,
      'run-as-non-root',
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
    );
  });

  it('passes it set on every container only', async () => {
    const f = mutate((f) => {
      delete podSpec(f).securityContext.runAsNonRoot;
      podSpec(f).containers[0].securityContext.runAsNonRoot = true;
    });
    await expectNoFinding(f, 'run-as-non-root');
  });

  it('passes it unset in a user namespace (hostUsers: false), as PSA does since v1.35', async () => {
    const f = mutate((f) => {
      delete podSpec(f).securityContext.runAsNonRoot;
      podSpec(f).hostUsers = false;
    });
    await expectNoFinding(f, 'run-as-non-root');
  });
});
