// The component of each kind (gitops/apps/components/<kind>), as a service of that kind gets it: a scratch
// copy of the repository declares one service per kind (an http-api with neither database nor queue, a
// queue-worker with both, a web front end routed at /), derives, and renders dev with the real kustomize.
// What every service pod must have is checked on each, then what its kind adds, then the policies and the
// entrypoint that select it by its kind; and the validator finds nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KINDS } from '../../../services/lib/catalogue/score-schema.js';
import { formatFinding } from '../../checks/finding.js';
import { exampleDeclaration, ScratchRepository } from '../../lib/scratch-repository.js';
import { GITOPS_DIR, serviceBaseDir } from '../layout.js';
import { validateGitops } from '../validate-gitops.js';
import { type RenderedOverlay, renderOverlay, selectorMatches } from './rendered.js';

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, read field by field
type Loose = any;

/** One service per kind, by kind. */
const BY_KIND = { 'http-api': 'catalog', 'queue-worker': 'mailer', web: 'storefront' } as const;

const repo = new ScratchRepository();
let dev: RenderedOverlay;

beforeAll(async () => {
  repo.declare(
    'catalog',
    exampleDeclaration('catalog', { kind: 'http-api', port: 8090, routes: ['/v1/catalog'] }),
  );
  repo.declare(
    'mailer',
    exampleDeclaration('mailer', {
      kind: 'queue-worker',
      port: 8091,
      database: true,
      queue: { id: 'mail-jobs', direction: 'receive' },
    }),
  );
  repo.declare('storefront', exampleDeclaration('storefront', { kind: 'web', port: 8092, routes: ['/'] }));
  repo.derive();
  dev = await renderOverlay(repo.root, 'dev');
}, 60_000);
afterAll(() => repo.dispose());

const objectOf = (kind: string, name: string | RegExp): Loose => dev.objectOf(kind, name);
const podOf = (service: string): Loose => dev.podOf(service);

const policiesOf = (service: string): string[] =>
  dev.objects
    .filter(
      (o) =>
        o.kind === 'NetworkPolicy' &&
        selectorMatches((o as Loose).spec.podSelector, podOf(service).metadata.labels),
    )
    .map((o) => o.metadata?.name ?? '')
    .sort();

describe.each(KINDS)('a service of kind %s', (kind) => {
  const name = BY_KIND[kind];

  it('runs as uid 65532 with a read-only root, /tmp as its only writable path, no API token', () => {
    const { spec } = podOf(name);
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [container] = spec.containers;
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(objectOf('ServiceAccount', name).automountServiceAccountToken).toBe(false);
  });

  it('starts and lives on /health, is ready on /ready, on its named port', () => {
    const [container] = podOf(name).spec.containers;
    expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.ports[0].name).toBe('http');
  });

  it('is labelled with its kind and runs on Fargate, as its IRSA role from aws.env', () => {
    expect(podOf(name).metadata.labels).toMatchObject({
      'platform.shop/kind': kind,
      'platform.shop/compute': 'fargate',
      'app.kubernetes.io/part-of': 'shop',
    });
    expect(objectOf('ServiceAccount', name).metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::111111111111:role/shop-dev-${name}`,
    );
    // The ServiceMonitor finds its Service by the part-of label.
    expect(objectOf('Service', name).metadata.labels['app.kubernetes.io/part-of']).toBe('shop');
  });

  it('is scaled by its autoscaler and kept by its disruption budget, both on its own pods', () => {
    expect(objectOf('HorizontalPodAutoscaler', name).spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name,
    });
    expect(objectOf('PodDisruptionBudget', name).spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': name,
    });
    expect(objectOf('Deployment', name).spec.replicas).toBeUndefined();
  });
});

describe('what each kind adds', () => {
  it('an http-api: 30 s to drain, reachable from the ALB, no database unless it declares one', () => {
    expect(podOf('catalog').spec.terminationGracePeriodSeconds).toBe(30);
    expect(policiesOf('catalog')).toEqual(['default-deny', 'entrypoint', 'http-api']);
    expect(podOf('catalog').spec.containers[0].env).toBeUndefined();
    expect(
      dev.objects.some((o) => o.kind === 'ExternalSecret' && o.metadata?.name === 'catalog-database'),
    ).toBe(false);
    expect(objectOf('ConfigMap', /^catalog-config-/).data.AUTH_ISSUER).toMatch(/^https:\/\//);
  });

  it('a queue-worker: 45 s (its drain and a long poll), Prometheus only in, its database and DLQ', () => {
    expect(podOf('mailer').spec.terminationGracePeriodSeconds).toBe(45);
    expect(policiesOf('mailer')).toEqual(['default-deny', 'postgres', 'queue-worker']);
    const policy = objectOf('NetworkPolicy', 'queue-worker');
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'monitoring',
    });
    expect(podOf('mailer').spec.containers[0].env[0].valueFrom.secretKeyRef.name).toBe('mailer-database');
    expect(objectOf('ConfigMap', /^mailer-config-/).data.JOBS_DLQ_URL).toBe(
      'https://sqs.eu-west-1.amazonaws.com/111111111111/shop-dev-mail-jobs-dlq.fifo',
    );
  });

  it('a routed queue-worker (pricing, x-routes /v1/prices): the entrypoint policy admits the ALB as well', () => {
    expect(podOf('pricing').metadata.labels['platform.shop/entrypoint']).toBe('routed');
    expect(podOf('mailer').metadata.labels['platform.shop/entrypoint']).toBeUndefined();
    // pricing-peers: orders calls it (its service-port).
    expect(policiesOf('pricing')).toEqual([
      'default-deny',
      'entrypoint',
      'postgres',
      'pricing-peers',
      'queue-worker',
    ]);
    const entrypoint = objectOf('NetworkPolicy', 'entrypoint').spec;
    expect([entrypoint.policyTypes, entrypoint.ingress]).toEqual([
      ['Ingress'],
      [{ ports: [{ port: 'http' }] }],
    ]);
    // The selector stays the service's name alone: a routed label never changes a Deployment's selector.
    expect(objectOf('Deployment', 'pricing').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'pricing',
    });
    const paths = objectOf('Ingress', 'shop').spec.rules[0].http.paths;
    expect(paths.find((p: Loose) => p.path === '/v1/prices').backend.service.name).toBe('pricing');
  });

  it('a web front end: no database, no queue, the sign-in settings, DNS its only way out, routed last at /', () => {
    expect(podOf('storefront').spec.terminationGracePeriodSeconds).toBe(30);
    expect(policiesOf('storefront')).toEqual(['default-deny', 'entrypoint', 'web']);
    const egress = objectOf('NetworkPolicy', 'web').spec.egress;
    expect(egress.flatMap((rule: Loose) => rule.ports.map((p: Loose) => p.port))).toEqual([53, 53]);
    const data = objectOf('ConfigMap', /^storefront-config-/).data;
    // It verifies no token, but tells the browser where to sign in (GET /config.json): AUTH_* is all or nothing.
    expect(Object.keys(data).filter((k) => k.startsWith('AUTH_'))).toEqual([
      'AUTH_AUDIENCE',
      'AUTH_ISSUER',
      'AUTH_JWKS_URL',
    ]);
    const paths = objectOf('Ingress', 'shop').spec.rules[0].http.paths.map((p: Loose) => p.path);
    expect(paths.at(-1)).toBe('/');
    expect(paths).toContain('/v1/catalog');
  });

  it('passes every check of the validator', async () => {
    const result = await validateGitops({ root: `${repo.root}/${GITOPS_DIR}` });
    expect(result.findings).toEqual([]);
  }, 60_000);
});

describe("a finding about a service's object", () => {
  it('names the component file that declares it, at its document, and the tree that rendered it', async () => {
    // A hand-written patch beside storefront's base puts it on the host network.
    repo.write(
      `${serviceBaseDir('storefront')}/host.patch.yaml`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  template:\n    spec:\n      hostNetwork: true\n',
    );
    repo.derive();
    const result = await validateGitops({ root: `${repo.root}/${GITOPS_DIR}` });
    const line =
      repo
        .read('gitops/apps/components/workload/deployment.yaml')
        .split('\n')
        .indexOf('apiVersion: apps/v1') + 1;
    expect(result.findings.filter((f) => f.rule === 'host-namespaces').map(formatFinding)).toEqual(
      ['dev', 'prod', 'base/storefront'].map(
        (tree) =>
          `gitops/apps/components/workload/deployment.yaml:${line}: host-namespaces: Deployment ${tree === 'base/storefront' ? '' : `shop-${tree}/`}storefront: violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true) (rendered by gitops/apps/${tree})`,
      ),
    );
  }, 60_000);
});
