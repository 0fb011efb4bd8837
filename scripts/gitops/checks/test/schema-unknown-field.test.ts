import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, podSpec } from '../../test/fixture.js';

const monitor = (endpoint: Record<string, string>) => (f: Parameters<typeof doc>[0]) => {
  f['gitops/apps/prod/monitor.yaml'] = [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'app' },
      spec: { selector: { matchLabels: { app: 'app' } }, endpoints: [{ port: 'http', ...endpoint }] },
    },
  ];
  doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('monitor.yaml');
};

describe('schema-unknown-field', () => {
  it('refuses an unknown field (a typo) in a Kubernetes object', async () => {
    const f = mutate((f) => {
      podSpec(f).containers[0].imagePulPolicy = 'Always';
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'schema-unknown-field',
      'unknown field /spec/template/spec/containers/0/imagePulPolicy',
    );
  });

  it('refuses an unknown field in an Argo CD Application', async () => {
    const f = mutate((f) => {
      doc(f, 'gitops/clusters/prod/child.yaml').spec.destinaton = {};
    });
    await expectFinding(
      f,
      'gitops/clusters/prod/child.yaml',
      'schema-unknown-field',
      'unknown field /spec/destinaton',
    );
  });

  it('refuses an unknown field in a custom resource (ServiceMonitor)', async () => {
    await expectFinding(
      mutate(monitor({ intervall: '30s' })),
      'gitops/apps/prod/monitor.yaml',
      'schema-unknown-field',
      'unknown field /spec/endpoints/0/intervall',
    );
  });

  it('passes the field spelt right', async () => {
    await expectNoFinding(mutate(monitor({ interval: '30s' })), 'schema-unknown-field');
  });
});
