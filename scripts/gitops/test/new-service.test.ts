// Adding a service is one file and one command: a scratch copy of the repository's declarations and
// gitops/ gets a third service, `returns` (an http-api with a database and a queue of its own), `npm run
// derive`'s files are derived, and both environments, rendered by the real kustomize, run it with its values
// from aws.env and its scale from its declaration, and pass every check of the validator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS, type Environment } from '../../../services/lib/catalogue/score-schema.js';
import { exampleDeclaration, ScratchRepository } from '../../lib/scratch-repository.js';
import { parseEnvFile } from '../derive/aws-env-file.js';
import { UNPINNED_DIGEST } from '../derive/images.js';
import {
  awsEnvFile,
  GITOPS_DIR,
  INGRESS_FILE,
  overlayKustomizationFile,
  serviceBaseDir,
  servicesWiringDir,
} from '../layout.js';
import { validateGitops } from '../validate-gitops.js';
import { type RenderedOverlay, renderOverlay } from './rendered.js';

// Rendered manifests are read field by field; a loose type keeps each assertion to one line.
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped test data
type Loose = any;

const RETURNS = exampleDeclaration('returns', {
  kind: 'http-api',
  port: 8082,
  routes: ['/v1/returns'],
  database: true,
  queue: { id: 'returns-jobs', direction: 'send' },
  replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
});
/** The role Terraform made for returns in dev, as scripts/terraform/outputs.ts would write it. */
const DEV_ROLE = 'arn:aws:iam::222222222222:role/shop-dev-returns';

const repo = new ScratchRepository();
const before: Record<string, string> = {};
let written: string[] = [];
const rendered = new Map<Environment, RenderedOverlay>();

beforeAll(async () => {
  for (const env of ENVIRONMENTS) {
    before[overlayKustomizationFile(env)] = repo.read(overlayKustomizationFile(env));
    before[awsEnvFile(env)] = repo.read(awsEnvFile(env));
  }
  repo.declare('returns', RETURNS);
  written = repo.derive();
  // Terraform's outputs carried into dev's aws.env (its key is there, with a placeholder, since derive).
  repo.write(
    awsEnvFile('dev'),
    repo.read(awsEnvFile('dev')).replace(/^RETURNS_ROLE_ARN=.*$/m, `RETURNS_ROLE_ARN=${DEV_ROLE}`),
  );
  for (const env of ENVIRONMENTS) rendered.set(env, await renderOverlay(repo.root, env));
}, 60_000);
afterAll(() => repo.dispose());

const objectOf = (env: Environment, kind: string, name: string | RegExp): Loose =>
  (rendered.get(env) as RenderedOverlay).objectOf(kind, name);

describe('a third service, declared and derived', () => {
  it('is written as its base, both environments wiring, aws.env keys, images entries and its route', () => {
    expect(written.sort()).toEqual(
      [
        `${serviceBaseDir('returns')}/kustomization.yaml`,
        INGRESS_FILE,
        ...ENVIRONMENTS.flatMap((env) => [
          `${servicesWiringDir(env)}/kustomization.yaml`,
          `${servicesWiringDir(env)}/scale.yaml`,
          awsEnvFile(env),
          overlayKustomizationFile(env),
        ]),
      ].sort(),
    );
    // Deriving again changes nothing.
    expect(repo.derive()).toEqual([]);
  });

  it.each(ENVIRONMENTS)(
    '%s: aws.env gains its keys with placeholders, and keeps every other value',
    (env) => {
      const was = parseEnvFile(before[awsEnvFile(env)] ?? '');
      const now = parseEnvFile(repo.read(awsEnvFile(env)));
      for (const [key, value] of was) expect([key, now.get(key)]).toEqual([key, value]);
      expect([...now.keys()].filter((k) => !was.has(k))).toEqual([
        'RETURNS_ROLE_ARN',
        'RETURNS_REPOSITORY',
        'RETURNS_JOBS_QUEUE_URL',
        'RETURNS_JOBS_DLQ_URL',
      ]);
      expect(now.get('RETURNS_JOBS_QUEUE_URL')).toBe(
        `https://sqs.eu-west-1.amazonaws.com/111111111111/shop-${env}-returns-jobs.fifo`,
      );
    },
  );

  it.each(ENVIRONMENTS)(
    '%s: the images list gains an unpinned entry and keeps every pin byte for byte',
    (env) => {
      const text = repo.read(overlayKustomizationFile(env));
      const repository = parseEnvFile(repo.read(awsEnvFile(env))).get('RETURNS_REPOSITORY');
      expect(text).toBe(
        `${before[overlayKustomizationFile(env)]}  - name: returns\n    newName: ${repository}\n    digest: ${UNPINNED_DIGEST}\n`,
      );
    },
  );

  it.each(ENVIRONMENTS)('%s: runs its Deployment, on Fargate, with the image the list pins', (env) => {
    const deployment = objectOf(env, 'Deployment', 'returns');
    const pod = deployment.spec.template;
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'returns' });
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'returns',
      'platform.shop/kind': 'http-api',
      'platform.shop/compute': 'fargate',
      'platform.shop/database': 'postgres',
    });
    const [container] = pod.spec.containers;
    expect(container.name).toBe('returns');
    expect(container.image).toBe(
      `111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/returns@${UNPINNED_DIGEST}`,
    );
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8082 }]);
    expect(pod.spec.serviceAccountName).toBe('returns');
    expect(container.envFrom[0].configMapRef.name).toMatch(/^returns-config-[a-z0-9]{10}$/);
    expect(container.env).toEqual([
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'returns-database', key: 'DATABASE_URL' } },
      },
    ]);
    expect(objectOf(env, 'ExternalSecret', 'returns-database').spec.target.name).toBe('returns-database');
    expect(objectOf(env, 'Service', 'returns').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http' },
    ]);
  });

  it('takes its IRSA role from the environment aws.env', () => {
    expect(
      objectOf('dev', 'ServiceAccount', 'returns').metadata.annotations['eks.amazonaws.com/role-arn'],
    ).toBe(DEV_ROLE);
    expect(
      objectOf('prod', 'ServiceAccount', 'returns').metadata.annotations['eks.amazonaws.com/role-arn'],
    ).toBe('arn:aws:iam::111111111111:role/shop-prod-returns');
  });

  it.each(ENVIRONMENTS)(
    '%s: its ConfigMap holds its variables, each placeholder filled from aws.env',
    (env) => {
      const data = objectOf(env, 'ConfigMap', /^returns-config-/).data;
      const values = parseEnvFile(repo.read(awsEnvFile(env)));
      expect(data).toMatchObject({
        PORT: '8082',
        HOST: '0.0.0.0',
        LOG_LEVEL: env === 'prod' ? 'warn' : 'info',
        SERVICE_NAME: 'returns',
        AWS_REGION: values.get('AWS_REGION'),
        JOBS_QUEUE_URL: values.get('RETURNS_JOBS_QUEUE_URL'),
      });
      expect(data.AUTH_ISSUER).toMatch(/^https:\/\//);
      expect(Object.keys(data)).not.toContain('DATABASE_URL');
    },
  );

  it('scales as its x-environments say: autoscaler bounds, disruption budget, resources', () => {
    expect(objectOf('dev', 'HorizontalPodAutoscaler', 'returns').spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 2,
      scaleTargetRef: { kind: 'Deployment', name: 'returns' },
    });
    expect(objectOf('prod', 'HorizontalPodAutoscaler', 'returns').spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
    });
    expect(objectOf('dev', 'PodDisruptionBudget', 'returns').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'returns' } },
    });
    expect(objectOf('prod', 'PodDisruptionBudget', 'returns').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'returns' } },
    });
    const resources = (env: Environment) =>
      objectOf(env, 'Deployment', 'returns').spec.template.spec.containers[0].resources;
    expect(resources('dev').limits).toEqual({ cpu: '250m', memory: '192Mi' });
    expect(resources('prod').limits).toEqual({ cpu: '1', memory: '384Mi' });
  });

  it.each(ENVIRONMENTS)('%s: the entrypoint routes its prefix to it, beside the others', (env) => {
    const paths = objectOf(env, 'Ingress', 'shop').spec.rules[0].http.paths.map(
      (p: Loose) => `${p.path} -> ${p.backend.service.name}`,
    );
    expect(paths).toEqual([
      '/v1/reservations -> inventory',
      '/v1/returns -> returns',
      '/v1/orders -> orders',
      '/v1/prices -> pricing',
      '/v1/skus -> inventory',
      '/ -> storefront',
    ]);
  });

  it('passes every check of the validator, in both environments', async () => {
    const result = await validateGitops({ root: `${repo.root}/${GITOPS_DIR}` });
    expect(result.findings).toEqual([]);
    expect(result.rows.find((r) => r.tree === serviceBaseDir('returns'))).toMatchObject({
      role: 'building block',
      verdict: 'pass',
    });
  }, 60_000);

  it('leaves the environments when its declaration goes: no images entry, no aws.env keys', () => {
    repo.undeclare('returns');
    repo.derive();
    for (const env of ENVIRONMENTS) {
      expect(repo.read(overlayKustomizationFile(env))).toBe(before[overlayKustomizationFile(env)]);
      expect(repo.read(awsEnvFile(env))).toBe(before[awsEnvFile(env)]);
    }
  });
});
