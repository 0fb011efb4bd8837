// (tests only) A small GitOps tree that passes every rule, written to a temp dir; each policy test
// breaks one thing in it and expects the validator to name the file and the rule.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const REPO = 'https://git.example.com/shop.git';
/** The in-cluster API server, the fixture's Argo CD destination. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The objects of the fixture, by file (repo-relative); tests mutate them before writing. */
export type Fixture = Record<string, unknown[]>;

export function goodFixture(): Fixture {
  const env = 'gitops/apps/prod';
  const argo = 'gitops/clusters/prod';
  return {
    [`${env}/kustomization.yaml`]: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'demo',
        resources: ['namespace.yaml', 'default-deny.yaml', 'deployment.yaml', 'pdb.yaml'],
        images: [{ name: 'app', newName: 'registry.example.com/app', digest: DIGEST }],
      },
    ],
    [`${env}/namespace.yaml`]: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'demo',
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'v1.34',
          },
        },
      },
    ],
    [`${env}/default-deny.yaml`]: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny' },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    ],
    [`${env}/deployment.yaml`]: [deployment()],
    [`${env}/pdb.yaml`]: [
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'app' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'app' } } },
      },
    ],
    [`${argo}/kustomization.yaml`]: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'argocd',
        resources: ['argocd-cm.yaml', 'projects.yaml', 'root.yaml', 'child.yaml'],
      },
    ],
    [`${argo}/argocd-cm.yaml`]: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-cm' },
        data: {
          'resource.customizations.health.argoproj.io_Application':
            'hs = {}\nhs.status = "Progressing"\nif obj.status ~= nil and obj.status.health ~= nil then\n  hs.status = obj.status.health.status\nend\nreturn hs\n',
        },
      },
    ],
    [`${argo}/projects.yaml`]: [
      project('admin', ['argocd'], []),
      project('demo', ['demo'], [{ group: '', kind: 'Namespace' }]),
    ],
    [`${argo}/root.yaml`]: [application('root', 'admin', 'argocd', { path: 'gitops/clusters/prod' })],
    [`${argo}/child.yaml`]: [application('demo', 'demo', 'demo', { path: 'gitops/apps/prod' })],
  };
}

export function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image: 'app',
              env: [{ name: 'SHUTDOWN_TIMEOUT_MS', value: '10000' }],
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { cpu: '100m', memory: '64Mi' },
              },
              startupProbe: { httpGet: { path: '/health', port: 8080 } },
              livenessProbe: { httpGet: { path: '/health', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

export function project(name: string, namespaces: string[], clusterResources: unknown[]) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name },
    spec: {
      sourceRepos: [REPO],
      destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: clusterResources,
      orphanedResources: { warn: true },
    },
  };
}

export function application(name: string, projectName: string, namespace: string, source: object) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project: projectName,
      source: { repoURL: REPO, targetRevision: 'main', ...source },
      destination: { server: IN_CLUSTER, namespace },
    },
  };
}

// Tests mutate the fixture field by field; a loose type keeps each case to one line.
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped test data
export type Loose = any;

/** Document `index` of a fixture file, to mutate. */
export function doc(fixture: Fixture, file: string, index = 0): Loose {
  const found = fixture[file]?.[index];
  if (found === undefined) throw new Error(`the fixture has no ${file}[${index}]`);
  return found;
}

/** The fixture's Namespace labels (for mutations: a baseline namespace, a missing pin). */
export function namespaceLabels(fixture: Fixture): Record<string, string> {
  return doc(fixture, 'gitops/apps/prod/namespace.yaml').metadata.labels;
}

/** Sets the fixture's namespace to enforce baseline, the level where the baseline-only checks apply. */
export function enforceBaseline(fixture: Fixture): void {
  namespaceLabels(fixture)['pod-security.kubernetes.io/enforce'] = 'baseline';
}

/** The fixture's pod spec (for mutations). */
export function podSpec(fixture: Fixture): Loose {
  return doc(fixture, 'gitops/apps/prod/deployment.yaml').spec.template.spec;
}

/** The fixture's container `app` (for mutations). */
export function container(fixture: Fixture): Loose {
  return podSpec(fixture).containers[0];
}

/** The prod overlay's kustomize `images` (for mutations). */
export function prodImages(fixture: Fixture): Loose {
  return doc(fixture, 'gitops/apps/prod/kustomization.yaml').images;
}

/** Writes the fixture (plus raw extra files) into a fresh temp repo; returns its root. */
export function writeFixture(fixture: Fixture, raw: Record<string, string> = {}): string {
  const repo = mkdtempSync(join(tmpdir(), 'gitops-fixture-'));
  for (const [file, docs] of Object.entries(fixture)) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), docs.map((d) => stringify(d)).join('---\n'));
  }
  for (const [file, text] of Object.entries(raw)) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), text);
  }
  return repo;
}

/** Copies a folder of the real tree into a fixture repo, at the same path. */
export function copyReal(repo: string, realRoot: string, path: string): void {
  cpSync(join(realRoot, path), join(repo, path), { recursive: true });
}

export function removeFixture(repo: string): void {
  rmSync(repo, { recursive: true, force: true });
}
