// The part of the Score workload specification (score.dev/v1b1) this platform uses, plus our extensions,
// as zod schemas. Stricter than Score on purpose: a field we do not use yet is refused rather than
// silently ignored, so a declaration never says something the platform does not do. The official JSON
// Schema is checked too (test/score-json-schema.test.ts), so a declaration stays valid Score.
import { z } from 'zod';

/** Our workload-level annotation for the kind (score-k8s reads `k8s.score.dev/kind` the same way). */
export const KIND_ANNOTATION = 'platform.shop/kind';
/** Our resource-level annotation: whether the workload sends to or receives from a queue. */
export const DIRECTION_ANNOTATION = 'platform.shop/direction';

export const KINDS = ['http-api', 'queue-worker', 'web'] as const;
export type Kind = (typeof KINDS)[number];
/** The environments a declaration sizes (gitops/apps/<env>). */
export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

// Score's own patterns, so our refusal and Score's agree.
const label = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/,
    'expected an RFC 1123 label: a-z, 0-9 and -, 2 to 63 characters',
  );
const port = z.number().int().min(1, 'expected a port 1-65535').max(65535, 'expected a port 1-65535');
const cpu = z.string().regex(/^\d+(?:m|\.\d+)?$/, 'expected a CPU quantity such as 250m or "1"');
const memory = z
  .string()
  .regex(
    /^(0\.\d+|[1-9]\d*(\.\d+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/,
    'expected a memory quantity such as 256Mi',
  );

const quantities = z.strictObject({ cpu, memory });
const computeResources = z.strictObject({ requests: quantities, limits: quantities });
export type ComputeResources = z.output<typeof computeResources>;

const httpProbe = z.strictObject({
  httpGet: z.strictObject({ path: z.string().startsWith('/', 'expected a path starting with /'), port }),
});

const container = z.strictObject({
  /** `.`: built from the service's folder (score-k8s's convention); the pipeline pins the digest. */
  image: z.literal('.', {
    message: 'expected "." (the image is built from this folder and pinned by the pipeline)',
  }),
  variables: z.record(
    z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case variable name'),
    z.string(),
  ),
  resources: computeResources,
  livenessProbe: httpProbe,
  readinessProbe: httpProbe,
});

const replicas = z
  .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
  .refine((r) => r.min <= r.max, { message: 'expected min <= max' });

const environmentSettings = z.strictObject({
  replicas,
  /** When absent, the container's own resources. */
  resources: computeResources.optional(),
});

const annotations = z.record(z.string(), z.string());

const metadata = z.strictObject({
  name: label,
  annotations: annotations.and(z.object({ [KIND_ANNOTATION]: z.enum(KINDS) })),
  /** Our extension (Score's metadata admits extra fields): per-environment scaling and resources. */
  'x-environments': z.strictObject(
    Object.fromEntries(ENVIRONMENTS.map((env) => [env, environmentSettings])) as Record<
      Environment,
      typeof environmentSettings
    >,
  ),
  /**
   * Our extension: the path prefixes the entrypoint (the Ingress both environments share) routes to this
   * service. Absent: not routed (reached inside the cluster only).
   */
  'x-routes': z
    .array(
      z
        .string()
        .regex(
          /^\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*)?$/,
          'expected a path prefix such as /v1/skus (a leading /, no trailing /, no query)',
        ),
    )
    .min(1, 'expected at least one path prefix (or no x-routes at all)')
    .optional(),
  /** Our extension: what image-publish bundles (paths relative to the service's folder). */
  'x-build': z.strictObject({
    entry: z.string().regex(/^[\w./-]+\.ts$/, 'expected a relative .ts path such as src/main.ts'),
    include: z.array(z.string().regex(/^[\w.-][\w./-]*$/, 'expected a relative path')),
  }),
});

const environmentResource = z.strictObject({ type: z.literal('environment') });
const postgresResource = z.strictObject({
  type: z.literal('postgres'),
  params: z.strictObject({
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a PostgreSQL schema name'),
  }),
});
const queueResource = z.strictObject({
  type: z.literal('aws-sqs-queue'),
  /** Score's shared-resource id: every workload naming it gets the same queue. */
  id: label,
  metadata: z.strictObject({
    annotations: z.object({ [DIRECTION_ANNOTATION]: z.enum(['send', 'receive']) }),
  }),
});
/**
 * Score's own type for another workload's port (score-k8s's default provisioner `service-port`): `workload`
 * names a declared service, `port` one of its `service.ports` by name. Outputs `hostname`, `port`.
 */
const servicePortResource = z.strictObject({
  type: z.literal('service-port'),
  params: z.strictObject({ workload: label, port: z.string().min(1, 'expected a port name such as http') }),
});
/** A scope a token may carry: `<service>:read` or `<service>:write` (services/lib/src/auth.ts). */
export const SCOPE_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]:(?:read|write)$/;
/**
 * Ours: the workload's OAuth 2.0 client at the identity provider, for the client credentials grant (RFC
 * 6749 section 4.4), allowed `params.scopes` only. Outputs `token_url`, `client_id`, `client_secret`.
 */
const oauthClientResource = z.strictObject({
  type: z.literal('oauth-client'),
  params: z.strictObject({
    scopes: z
      .array(z.string().regex(SCOPE_PATTERN, 'expected a scope <service>:read or <service>:write'))
      .min(1, 'expected at least one scope'),
  }),
});
export const RESOURCE_TYPES = [
  'environment',
  'postgres',
  'aws-sqs-queue',
  'service-port',
  'oauth-client',
] as const;
/**
 * What each type gives `${resources.<name>.<output>}` (`environment`: the environment's variables, checked
 * where they are resolved).
 */
export const RESOURCE_OUTPUTS: Readonly<Record<Exclude<ResourceType, 'environment'>, readonly string[]>> = {
  postgres: ['url'],
  'aws-sqs-queue': ['url', 'dlq_url'],
  'service-port': ['hostname', 'port'],
  'oauth-client': ['token_url', 'client_id', 'client_secret'],
};
export type ResourceType = (typeof RESOURCE_TYPES)[number];
const resource = z.discriminatedUnion(
  'type',
  [environmentResource, postgresResource, queueResource, servicePortResource, oauthClientResource],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `expected a resource type among ${RESOURCE_TYPES.join(', ')}`
        : undefined,
  },
);
export type ScoreResource = z.output<typeof resource>;

/** A `score.yaml` as this platform reads it. */
export const scoreWorkload = z.strictObject({
  apiVersion: z.literal('score.dev/v1b1', { message: 'expected score.dev/v1b1' }),
  metadata,
  containers: z.record(label, container),
  service: z.strictObject({
    ports: z.strictObject({
      http: z.strictObject({ port, targetPort: port }),
    }),
  }),
  resources: z.record(label, resource),
});
export type ScoreWorkload = z.output<typeof scoreWorkload>;
