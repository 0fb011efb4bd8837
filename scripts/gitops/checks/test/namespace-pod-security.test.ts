import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { namespaceLabels } from '../../test/fixture.js';

const NAMESPACE = 'gitops/apps/prod/namespace.yaml';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';

describe('namespace-pod-security', () => {
  it('refuses a namespace with pods weakened to baseline', async () => {
    const f = mutate((f) => {
      namespaceLabels(f)[ENFORCE] = 'baseline';
    });
    await expectFinding(
      f,
      NAMESPACE,
      'namespace-pod-security',
      `must carry ${ENFORCE}: restricted (has "baseline")`,
    );
  });

  it('refuses the label removed', async () => {
    const f = mutate((f) => delete namespaceLabels(f)[ENFORCE]);
    await expectFinding(
      f,
      NAMESPACE,
      'namespace-pod-security',
      `must carry ${ENFORCE}: restricted (missing)`,
    );
  });

  it('refuses enforce-version latest', async () => {
    const f = mutate((f) => {
      namespaceLabels(f)[VERSION] = 'latest';
    });
    await expectFinding(
      f,
      NAMESPACE,
      'namespace-pod-security',
      `must pin ${VERSION} to v1.34 or newer (has "latest")`,
    );
  });

  it('refuses a pin older than v1.34 (it would drop the probe and lifecycle host check)', async () => {
    const f = mutate((f) => {
      namespaceLabels(f)[VERSION] = 'v1.30';
    });
    await expectFinding(
      f,
      NAMESPACE,
      'namespace-pod-security',
      `must pin ${VERSION} to v1.34 or newer (has "v1.30")`,
    );
  });

  it('refuses pods in a namespace the tree does not declare', async () => {
    const f = mutate((f) => {
      f['gitops/apps/prod/namespace.yaml'] = [];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'namespace-pod-security',
      'runs in namespace "demo", which this tree does not declare',
    );
  });

  it('passes restricted pinned to another minor', async () => {
    const f = mutate((f) => {
      namespaceLabels(f)[VERSION] = 'v1.37';
    });
    await expectNoFinding(f, 'namespace-pod-security');
  });
});
