// What the two resources that name another declaration become in a cluster, rule by rule, rendered with
// the real kustomize: a scratch copy of the repository adds `catalog` (an http-api without a database) that
// calls `mailer` (a queue-worker, whose only way in was Prometheus) through a service-port, and has an
// oauth-client. The NetworkPolicies are evaluated as Kubernetes does (policies add up; a flow needs the
// sender's egress and the receiver's ingress): each declared call is allowed on the callee's container port,
// and nothing more. The oauth-client's credentials come from an ExternalSecret keyed by aws.env's name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { formatFinding } from '../../checks/finding.js';
import { exampleDeclaration, ScratchRepository } from '../../lib/scratch-repository.js';
import { GITOPS_DIR } from '../layout.js';
import { validateGitops } from '../validate-gitops.js';
import { type RenderedOverlay, renderOverlay, selectorMatches } from './rendered.js';

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, read field by field
type Loose = any;

const placeholder = (inner: string) => `\${${inner}}`;
const repo = new ScratchRepository();
let dev: RenderedOverlay;

beforeAll(async () => {
  const catalog = parse(exampleDeclaration('catalog', { kind: 'http-api', port: 8090 })) as Loose;
  catalog.resources.mail = { type: 'service-port', params: { workload: 'mailer', port: 'http' } };
  catalog.resources.identity = { type: 'oauth-client', params: { scopes: ['mailer:write'] } };
  Object.assign(catalog.containers.catalog.variables, {
    MAILER_URL: `http://${placeholder('resources.mail.hostname')}:${placeholder('resources.mail.port')}`,
    TOKEN_URL: placeholder('resources.identity.token_url'),
    CLIENT_ID: placeholder('resources.identity.client_id'),
    CLIENT_SECRET: placeholder('resources.identity.client_secret'),
  });
  repo.declare('catalog', JSON.stringify(catalog));
  repo.declare(
    'mailer',
    exampleDeclaration('mailer', {
      kind: 'queue-worker',
      port: 8091,
      database: true,
      queue: { id: 'mail-jobs', direction: 'receive' },
    }),
  );
  repo.derive();
  dev = await renderOverlay(repo.root, 'dev');
}, 60_000);
afterAll(() => repo.dispose());

const objectOf = (kind: string, name: string | RegExp): Loose => dev.objectOf(kind, name);
const podOf = (service: string): Loose => dev.podOf(service);
const policies = (): Loose[] => dev.objects.filter((o) => o.kind === 'NetworkPolicy');

/** A policy peer in the same namespace: a podSelector alone; a namespaceSelector names other namespaces. */
const peerMatches = (peer: Loose, labels: Record<string, string>) =>
  peer.ipBlock !== undefined ||
  (peer.namespaceSelector === undefined && selectorMatches(peer.podSelector, labels));
/** Whether a rule's ports admit `port` on `pod` (a named port is the pod's container port of that name). */
const portMatches = (rule: Loose, port: number, pod: Loose) =>
  rule.ports === undefined ||
  rule.ports.some((p: Loose) =>
    typeof p.port === 'string'
      ? pod.spec.containers[0].ports.some((c: Loose) => c.name === p.port && c.containerPort === port)
      : p.port === port,
  );

/** Whether `from`'s pods may open a TCP connection to `to`'s pods on `port`, as the policies say. */
function allowed(from: string, to: string, port: number): boolean {
  const source = podOf(from);
  const target = podOf(to);
  const selecting = (pod: Loose, type: string) =>
    policies().filter(
      (p) =>
        selectorMatches(p.spec.podSelector, pod.metadata.labels) && (p.spec.policyTypes ?? []).includes(type),
    );
  const out = selecting(source, 'Egress').some((p) =>
    (p.spec.egress ?? []).some(
      (rule: Loose) =>
        (rule.to === undefined || rule.to.some((peer: Loose) => peerMatches(peer, target.metadata.labels))) &&
        portMatches(rule, port, target),
    ),
  );
  const into = selecting(target, 'Ingress').some((p) =>
    (p.spec.ingress ?? []).some(
      (rule: Loose) =>
        (rule.from === undefined ||
          rule.from.some((peer: Loose) => peerMatches(peer, source.metadata.labels))) &&
        portMatches(rule, port, target),
    ),
  );
  return out && into;
}

describe('service-port in a cluster', () => {
  it("is the callee's Service name and Service port in the caller's ConfigMap", () => {
    expect(objectOf('ConfigMap', /^catalog-config-/).data.MAILER_URL).toBe('http://mailer:80');
    expect(objectOf('Service', 'mailer').spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
  });

  it("lets the caller's pods reach the callee's pods on the callee's container port", () => {
    expect(allowed('catalog', 'mailer', 8091)).toBe(true);
  });

  it('and nothing more: no other port, not the other way, no other caller', () => {
    expect(allowed('catalog', 'mailer', 8090)).toBe(false);
    expect(allowed('catalog', 'mailer', 5432)).toBe(false);
    expect(allowed('mailer', 'catalog', 8090)).toBe(false);
    expect(allowed('storefront', 'mailer', 8091)).toBe(false);
    expect(allowed('inventory', 'mailer', 8091)).toBe(false);
  });

  it("is one policy per service with peers: the caller's egress rule and the callee's ingress rule, each one", () => {
    const caller = objectOf('NetworkPolicy', 'catalog-peers').spec;
    expect(caller).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mailer' } } }],
          ports: [{ port: 8091, protocol: 'TCP' }],
        },
      ],
    });
    const callee = objectOf('NetworkPolicy', 'mailer-peers').spec;
    expect(callee).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mailer' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } } }],
          ports: [{ port: 8091, protocol: 'TCP' }],
        },
      ],
    });
    // A service that calls none and is called by none has no such policy.
    expect(policies().map((p) => p.metadata.name)).not.toContain('storefront-peers');
  });

  it("lets orders call inventory and pricing, as orders' declaration says", () => {
    expect(allowed('orders', 'inventory', 8080)).toBe(true);
    expect(allowed('orders', 'pricing', 8081)).toBe(true);
    expect(allowed('orders', 'mailer', 8091)).toBe(false);
  });
});

describe('oauth-client in a cluster', () => {
  it("takes the credentials from an ExternalSecret keyed by aws.env's secret name", () => {
    const secret = objectOf('ExternalSecret', 'catalog-oauth-client');
    expect(secret.spec.target.name).toBe('catalog-oauth-client');
    expect(secret.spec.data).toEqual([
      { secretKey: 'client_id', remoteRef: { key: 'shop-dev/catalog/oauth-client', property: 'client_id' } },
      {
        secretKey: 'client_secret',
        remoteRef: { key: 'shop-dev/catalog/oauth-client', property: 'client_secret' },
      },
    ]);
    // The database's replacements are not its own.
    expect(secret.spec.dataFrom).toBeUndefined();
    expect(secret.spec.target.template).toBeUndefined();
  });

  it('gives the container the id and secret from that Secret, the token URL from auth.env, neither in a ConfigMap', () => {
    expect(podOf('catalog').spec.containers[0].env).toEqual([
      { name: 'CLIENT_ID', valueFrom: { secretKeyRef: { name: 'catalog-oauth-client', key: 'client_id' } } },
      {
        name: 'CLIENT_SECRET',
        valueFrom: { secretKeyRef: { name: 'catalog-oauth-client', key: 'client_secret' } },
      },
    ]);
    const data = objectOf('ConfigMap', /^catalog-config-/).data;
    const authEnv = Object.fromEntries(
      repo
        .read('gitops/apps/dev/auth.env')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(data.TOKEN_URL).toBe(authEnv.AUTH_TOKEN_URL);
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['CLIENT_ID']));
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['CLIENT_SECRET']));
  });

  it('appends to the database URL of a service that has both (orders)', () => {
    expect(podOf('orders').spec.containers[0].env.map((e: Loose) => e.name)).toEqual([
      'DATABASE_URL',
      'OAUTH_CLIENT_ID',
      'OAUTH_CLIENT_SECRET',
    ]);
  });
});

it('passes every check of the validator', async () => {
  const result = await validateGitops({ root: `${repo.root}/${GITOPS_DIR}` });
  expect(result.findings.map(formatFinding)).toEqual([]);
}, 60_000);
