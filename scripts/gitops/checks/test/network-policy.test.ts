import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

describe('network-policy', () => {
  it('refuses a namespace without a default deny for both directions', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/apps/prod/default-deny.yaml').spec.policyTypes = ['Ingress'];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'network-policy',
      'namespace "demo" has no default-deny NetworkPolicy',
    );
  });

  it('passes the default deny listing Egress first', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/apps/prod/default-deny.yaml').spec.policyTypes = ['Egress', 'Ingress'];
    });
    await expectNoFinding(f, 'network-policy');
  });
});
