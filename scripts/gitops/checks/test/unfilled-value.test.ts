import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, podSpec } from '../../test/fixture.js';

describe('unfilled-value', () => {
  it('refuses a placeholder aws.env did not replace', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].env.push({ name: 'AWS_REGION', value: 'from-aws-env' });
    });
    await expectFinding(f, DEPLOYMENT, 'unfilled-value', 'still holds the placeholder "from-aws-env"');
  });

  it("refuses an Application whose repository the cluster's platform.env did not replace", async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/clusters/prod/child.yaml').spec.source.repoURL = 'from-init-values';
    });
    await expectFinding(f, 'gitops/clusters/prod/child.yaml', 'unfilled-value', [
      'still holds the placeholder "from-init-values"',
      'include gitops/clusters/values',
    ]);
  });

  it('passes the value filled in', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].env.push({ name: 'AWS_REGION', value: 'eu-west-1' });
    });
    await expectNoFinding(f, 'unfilled-value');
  });
});
