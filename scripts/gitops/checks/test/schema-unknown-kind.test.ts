import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

const add = (apiVersion: string, kind: string) => (f: Parameters<typeof doc>[0]) => {
  f['gitops/apps/prod/extra.yaml'] = [{ apiVersion, kind, metadata: { name: 'w' } }];
  doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('extra.yaml');
};

describe('schema-unknown-kind', () => {
  it('refuses a kind without any schema', async () => {
    await expectFinding(
      mutate(add('example.com/v1', 'Widget')),
      'gitops/apps/prod/extra.yaml',
      'schema-unknown-kind',
      'no schema for example.com/v1 Widget',
    );
  });

  it('passes a core kind (ServiceAccount)', async () => {
    await expectNoFinding(mutate(add('v1', 'ServiceAccount')), 'schema-unknown-kind');
  });
});
