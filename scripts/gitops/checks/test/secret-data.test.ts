import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

const secret = (stringData: Record<string, string>) => (f: Parameters<typeof doc>[0]) => {
  f['gitops/apps/prod/secret.yaml'] = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData },
  ];
  doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('secret.yaml');
};

describe('secret-data', () => {
  it('refuses a Secret with data', async () => {
    await expectFinding(
      mutate(secret({ password: 'hunter2' })),
      'gitops/apps/prod/secret.yaml',
      'secret-data',
      'use an ExternalSecret',
    );
  });

  it('passes an empty Secret (filled by the cluster)', async () => {
    await expectNoFinding(mutate(secret({})), 'secret-data');
  });
});
