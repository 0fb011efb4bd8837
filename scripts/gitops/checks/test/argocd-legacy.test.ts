// TEMPORARY (with argocd-legacy.ts): policies.test.ts's Argo CD cases, each old rule now a bracketed tag in
// the adapter's message. The Argo CD checks' own tests replace this file.
import { describe, it } from '@jest/globals';
import { expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { doc, type Fixture, project } from '../../test/fixture.js';

describe('Argo CD', () => {
  const ARGO = 'gitops/argocd';
  const child = (f: Fixture) => doc(f, `${ARGO}/child.yaml`).spec;
  const demoProject = (f: Fixture) => doc(f, `${ARGO}/projects.yaml`, 1).spec;

  const cases: Array<[string, (f: Fixture) => void, string, string, string]> = [
    [
      'an Application in project default',
      (f) => {
        child(f).project = 'default';
      },
      `${ARGO}/child.yaml`,
      'argocd/default-project',
      'must not use project "default"',
    ],
    [
      "a child Application deploying into Argo CD's namespace",
      (f) => {
        child(f).destination.namespace = 'argocd';
        demoProject(f).destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      },
      `${ARGO}/child.yaml`,
      'argocd/argocd-namespace',
      `only project "admin" may deploy to Argo CD's namespace "argocd"`,
    ],
    [
      "a project other than admin allowing Argo CD's namespace",
      (f) => {
        demoProject(f).destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      },
      `${ARGO}/projects.yaml`,
      'argocd/argocd-namespace',
      `only project "admin" may deploy to Argo CD's namespace "argocd"`,
    ],
    [
      'a cluster-scoped kind the project does not whitelist',
      (f) => {
        demoProject(f).clusterResourceWhitelist = [];
      },
      `${ARGO}/child.yaml`,
      'argocd/cluster-scoped',
      'deploys cluster-scoped Namespace "demo" (from gitops/envs/prod), which project "demo" does not whitelist',
    ],
    [
      'a namespace the project does not allow',
      (f) => {
        child(f).destination.namespace = 'other';
        demoProject(f).destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'other' });
        demoProject(f).destinations.splice(0, 1);
      },
      `${ARGO}/child.yaml`,
      'argocd/namespace-allowed',
      'into namespace "demo" (from gitops/envs/prod), which project "demo" does not allow',
    ],
    [
      'a destination the project does not allow',
      (f) => {
        child(f).destination.namespace = 'elsewhere';
      },
      `${ARGO}/child.yaml`,
      'argocd/destination',
      'destination namespace "elsewhere" is not allowed by project "demo"',
    ],
    [
      'a source repository the project does not list',
      (f) => {
        child(f).source.repoURL = 'https://git.example.com/fork.git';
      },
      `${ARGO}/child.yaml`,
      'argocd/source-repo',
      'is not in project "demo"\'s sourceRepos',
    ],
    [
      'a project with wildcard sources',
      (f) => {
        demoProject(f).sourceRepos = ['*'];
      },
      `${ARGO}/projects.yaml`,
      'argocd/project-sources',
      'no wildcard',
    ],
    [
      'a project without orphanedResources.warn',
      (f) => delete demoProject(f).orphanedResources,
      `${ARGO}/projects.yaml`,
      'argocd/project-orphans',
      'orphanedResources.warn must be true',
    ],
    [
      'a project without clusterResourceWhitelist',
      (f) => {
        delete demoProject(f).clusterResourceWhitelist;
        child(f).source.path = 'gitops/envs/prod';
      },
      `${ARGO}/projects.yaml`,
      'argocd/project-cluster-resources',
      'clusterResourceWhitelist must be explicit',
    ],
    [
      'kube-prometheus-stack without server-side apply',
      (f) => {
        child(f).source = {
          repoURL: 'https://prometheus-community.github.io/helm-charts',
          chart: 'kube-prometheus-stack',
          targetRevision: '75.13.0',
        };
        demoProject(f).sourceRepos.push('https://prometheus-community.github.io/helm-charts');
      },
      `${ARGO}/child.yaml`,
      'argocd/server-side-apply',
      'add syncOptions ServerSideApply=true',
    ],
    [
      'a chart not pinned to a version',
      (f) => {
        child(f).source = { repoURL: 'https://charts.example.com', chart: 'thing', targetRevision: '1.*' };
        demoProject(f).sourceRepos.push('https://charts.example.com');
      },
      `${ARGO}/child.yaml`,
      'argocd/chart-pinned',
      'must be pinned to an exact version, not "1.*"',
    ],
    [
      'an app-of-apps without the Application health check',
      (f) => {
        doc(f, `${ARGO}/argocd-cm.yaml`).data = {};
      },
      `${ARGO}/root.yaml`,
      'argocd/health-check',
      'resource.customizations.health.argoproj.io_Application',
    ],
    [
      'a prod Application with automated sync',
      (f) => {
        f[`${ARGO}/projects.yaml`]?.push({
          ...project('prod', ['demo'], [{ group: '', kind: 'Namespace' }]),
        });
        child(f).project = 'prod';
        child(f).syncPolicy = { automated: { prune: true } };
      },
      `${ARGO}/child.yaml`,
      'argocd/sync-policy',
      'prod Applications sync by hand',
    ],
    [
      'a prod project without a sync window',
      (f) => {
        f[`${ARGO}/projects.yaml`]?.push(project('prod', ['demo'], []));
      },
      `${ARGO}/projects.yaml`,
      'argocd/sync-window',
      'project prod must have a sync window',
    ],
  ];
  it.each(cases)('%s', async (_name, change, file, rule, text) => {
    await expectFinding(mutate(change), file, 'argocd-legacy', [`[${rule}]`, text]);
  });

  it('passes the fixture as written', async () => {
    await expectNoFinding(
      mutate(() => undefined),
      'argocd-legacy',
    );
  });
});
