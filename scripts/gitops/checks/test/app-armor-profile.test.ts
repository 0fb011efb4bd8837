import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, podSpec } from '../../test/fixture.js';

const template = (f: Parameters<typeof doc>[0]) => doc(f, DEPLOYMENT).spec.template;

describe('app-armor-profile (PSA appArmorProfile)', () => {
  it('refuses an Unconfined profile field', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.appArmorProfile = { type: 'Unconfined' };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'app-armor-profile',
      'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
    );
  });

  it('refuses an unconfined annotation on the pod template', async () => {
    const f = mutate((f) => {
      template(f).metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
      };
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'app-armor-profile',
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    );
  });

  it('passes a Localhost profile and the runtime/default annotation', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].securityContext.appArmorProfile = {
        type: 'Localhost',
        localhostProfile: 'app',
      };
      template(f).metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
      };
    });
    await expectNoFinding(f, 'app-armor-profile');
  });
});
