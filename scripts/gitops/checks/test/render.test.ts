import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

describe('render', () => {
  it('refuses a kustomization that does not render', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('missing.yaml');
    });
    await expectFinding(f, 'gitops/apps/prod/kustomization.yaml', 'render', 'missing.yaml');
  });

  it('passes the fixture as written', async () => {
    await expectNoFinding(
      mutate(() => undefined),
      'render',
    );
  });
});
