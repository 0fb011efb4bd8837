import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

describe('prod-pdb', () => {
  it('refuses a prod Deployment no PodDisruptionBudget selects', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/apps/prod/pdb.yaml').spec.selector.matchLabels = { app: 'other' };
    });
    await expectFinding(f, DEPLOYMENT, 'prod-pdb', "no PodDisruptionBudget selects this Deployment's pods");
  });

  it('passes a PDB that selects by a subset of the pod labels', async () => {
    const f = mutate((f) => {
      doc(f, DEPLOYMENT).spec.template.metadata.labels.tier = 'api';
    });
    await expectNoFinding(f, 'prod-pdb');
  });
});
