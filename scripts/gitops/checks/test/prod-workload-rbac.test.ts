import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, podSpec } from '../../test/fixture.js';

const FILE = 'gitops/apps/prod/rbac.yaml';

/** The Deployment runs as ServiceAccount app, bound to `roleRef` (and `role` added when given). */
const bind =
  (roleRef: { kind: string; name: string }, role?: object, subject?: object) =>
  (f: Parameters<typeof doc>[0]) => {
    podSpec(f).serviceAccountName = 'app';
    f[FILE] = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app' } },
      ...(role ? [role] : []),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'app' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
        subjects: [subject ?? { kind: 'ServiceAccount', name: 'app', namespace: 'demo' }],
      },
    ];
    doc(f, 'gitops/apps/prod/kustomization.yaml').resources.push('rbac.yaml');
  };
const role = (rule: object) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'app' },
  rules: [rule],
});

describe('prod-workload-rbac', () => {
  it("refuses cluster-admin bound to a workload's ServiceAccount", async () => {
    await expectFinding(
      mutate(bind({ kind: 'ClusterRole', name: 'cluster-admin' })),
      FILE,
      'prod-workload-rbac',
      'binds ClusterRole cluster-admin to ServiceAccount demo/app, which a workload runs as',
    );
  });

  it('refuses a Role with * verbs bound through the namespace group', async () => {
    const wildcard = role({ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] });
    await expectFinding(
      mutate(
        bind({ kind: 'Role', name: 'app' }, wildcard, { kind: 'Group', name: 'system:serviceaccounts:demo' }),
      ),
      FILE,
      'prod-workload-rbac',
      'binds Role app (`*` in its verbs or resources) to ServiceAccount demo/app',
    );
  });

  it('passes a Role with named verbs and resources', async () => {
    const narrow = role({ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] });
    await expectNoFinding(mutate(bind({ kind: 'Role', name: 'app' }, narrow)), 'prod-workload-rbac');
  });
});
