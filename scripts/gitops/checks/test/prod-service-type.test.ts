import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc } from '../../test/fixture.js';

const service = (type: string) => (f: Parameters<typeof doc>[0]) => {
  f['gitops/apps/prod/service.yaml'] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'app' },
      spec: { type, selector: { app: 'app' }, ports: [{ port: 80 }] },
    },
  ];
  doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('service.yaml');
};

describe('prod-service-type', () => {
  it.each(['LoadBalancer', 'NodePort'])('refuses a prod Service of type %s', async (type) => {
    await expectFinding(
      mutate(service(type)),
      'gitops/apps/prod/service.yaml',
      'prod-service-type',
      `type ${type} exposes`,
    );
  });

  it('passes ClusterIP', async () => {
    await expectNoFinding(mutate(service('ClusterIP')), 'prod-service-type');
  });
});
