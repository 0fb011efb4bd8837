import { z } from 'zod';
import { type AuthSettings, parsePublicKey } from './auth.js';
import { type DatabaseCa, databaseCa, readCaFile, requiresVerifiedTls } from './db-tls.js';

/** Thrown by {@link loadConfig} when the environment does not satisfy the schema. */
export class ConfigError extends Error {
  /** One line per bad or missing variable, e.g. `PORT: expected an integer between 1 and 65535`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the environment once, at start, against a zod object schema whose keys are variable names.
 * Every problem is reported together so an operator fixes the whole environment in one go.
 *
 * @param schema - a `z.object` of environment variables (see {@link env} for ready-made fields)
 * @param source - the variables to read; defaults to `process.env`
 * @throws ConfigError listing every bad or missing variable
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.output<S> {
  // Empty strings mean "unset" for env vars: `PORT= npm start` should use the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const got = cleaned[String(issue.path[0])];
      const message = got === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
      return `${name}: ${message}`;
    }),
  );
}

const port = (fallback: number) =>
  z.coerce
    .number()
    .int('expected an integer between 0 and 65535')
    .min(0, 'expected an integer between 0 and 65535')
    .max(65535, 'expected an integer between 0 and 65535')
    .default(fallback);

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** Reusable environment fields, so both services validate shared variables with one rule and one message. */
export const env = {
  /** TCP port; `0` picks a free one. */
  port,
  /** `postgres://` or `postgresql://` connection string. */
  databaseUrl: () => url(['postgres:', 'postgresql:']),
  /** `http://` or `https://` URL (SQS endpoint, queue URL). */
  httpUrl: () => url(['http:', 'https:']),
  /** pino level; defaults to `info`. */
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** AWS region; defaults to `us-east-1`. */
  awsRegion: () =>
    z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
      .default('us-east-1'),
  /** Positive integer with a default. */
  positiveInt: (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
    z.coerce
      .number()
      .int(`expected an integer between 1 and ${max}`)
      .min(1, `expected an integer between 1 and ${max}`)
      .max(max, `expected an integer between 1 and ${max}`)
      .default(fallback),
} as const;

const booleanFlag = () =>
  z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true');

function isPublicKey(pem: string): boolean {
  try {
    parsePublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The variables every service reads, with one rule and one message each: where it listens, how it logs
 * and stops, its region and its token checks. A service adds the parts it uses ({@link databaseEnv},
 * {@link queueEnv}, {@link consumerEnv}) and its own.
 */
function baseShape(port: number) {
  return {
    AWS_REGION: env.awsRegion(),
    PORT: env.port(port),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: env.logLevel(),
    /** Bound on a graceful stop (drain), after which the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000, 600_000),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_JWKS_URL: env.httpUrl().optional(),
    AUTH_PUBLIC_KEY: z
      .string()
      .refine(isPublicKey, 'expected a PEM SPKI public key (RSA, EC P-256/384/521 or Ed25519)')
      .optional(),
    AUTH_READ_SCOPE: booleanFlag(),
    AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce
      .number()
      .int('expected an integer between 0 and 300')
      .min(0, 'expected an integer between 0 and 300')
      .max(300, 'expected an integer between 0 and 300')
      .default(30),
  };
}

/** Pool bounds of {@link databaseEnv}: the default and the largest `DB_POOL_SIZE`. */
export interface PoolDefaults {
  size: number;
  max: number;
}

/** The variables of a service that owns a PostgreSQL schema. */
export function databaseEnv(pool: PoolDefaults) {
  return {
    /** PostgreSQL connection string; each service owns its schema. `sslmode=verify-full` or none. */
    DATABASE_URL: env.databaseUrl(),
    /** PEM CA certificates for `sslmode=verify-full`; default: the built-in RDS CA bundle. */
    DATABASE_CA_FILE: z.string().min(1).optional(),
    DB_POOL_SIZE: env.positiveInt(pool.size, pool.max),
    /** Folder of the SQL migrations; default: beside the bundle, else the source tree's. */
    MIGRATIONS_DIR: z.string().min(1).optional(),
  };
}

/** The variables of a service that sends to or receives from one queue. */
export function queueEnv() {
  return {
    /** The FIFO queue (a service sending to or receiving from it). */
    SQS_QUEUE_URL: env.httpUrl(),
    /** An emulator's endpoint (fauxqs, LocalStack); unset in AWS. */
    SQS_ENDPOINT: env.httpUrl().optional(),
  };
}

/**
 * The variables of a service with an oauth-client resource (its score.yaml maps the outputs to these names):
 * its client credentials at the identity provider, for `clientCredentials` (src/client-credentials.ts).
 */
export function oauthClientEnv() {
  return {
    /** The identity provider's token endpoint (the oauth-client's `token_url`). */
    OAUTH_TOKEN_URL: env.httpUrl(),
    OAUTH_CLIENT_ID: z.string().min(1),
    /** Never logged: the config's consumers pass it to the token client only. */
    OAUTH_CLIENT_SECRET: z.string().min(1),
  };
}

const WAIT_SECONDS = 'expected an integer between 0 and 20';

/** The variables of a queue consumer (services/lib/src/consumer.ts), with the consumer's own defaults. */
export function consumerEnv() {
  return {
    CONSUMER_CONCURRENCY: env.positiveInt(20, 1000),
    CONSUMER_BATCH_SIZE: env.positiveInt(10, 10),
    CONSUMER_WAIT_SECONDS: z.coerce
      .number()
      .int(WAIT_SECONDS)
      .min(0, WAIT_SECONDS)
      .max(20, WAIT_SECONDS)
      .default(20),
    CONSUMER_VISIBILITY_TIMEOUT: env.positiveInt(30, 43_200),
  };
}

type BaseEnv = z.output<z.ZodObject<ReturnType<typeof baseShape>>>;
type DatabaseEnv = z.output<z.ZodObject<ReturnType<typeof databaseEnv>>>;
type QueueEnv = z.output<z.ZodObject<ReturnType<typeof queueEnv>>>;
type ConsumerEnv = z.output<z.ZodObject<ReturnType<typeof consumerEnv>>>;

/** The `AUTH_*` group is all or nothing: issuer, audience and exactly one key source. */
function checkAuth(e: BaseEnv, ctx: z.RefinementCtx): void {
  const given = (['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY'] as const).filter(
    (name) => e[name] !== undefined,
  );
  if (given.length === 0) {
    if (e.AUTH_READ_SCOPE === true)
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_READ_SCOPE'],
        message: 'needs AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_PUBLIC_KEY',
      });
    return;
  }
  for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const)
    if (e[name] === undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${given.join(', ')} is set` });
  if ((e.AUTH_JWKS_URL === undefined) === (e.AUTH_PUBLIC_KEY === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [e.AUTH_JWKS_URL === undefined ? 'AUTH_PUBLIC_KEY' : 'AUTH_JWKS_URL'],
      message: 'set exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEY',
    });
}

/** DATABASE_URL's sslmode is one we honour, and DATABASE_CA_FILE is a readable PEM file that TLS uses. */
function checkDatabaseTls(e: Partial<DatabaseEnv>, ctx: z.RefinementCtx): void {
  // Absent: a service without a database; unparsable: DATABASE_URL's own rule reports it.
  if (e.DATABASE_URL === undefined || !URL.canParse(e.DATABASE_URL)) return;
  let verify: boolean;
  try {
    verify = requiresVerifiedTls(e.DATABASE_URL);
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: (error as Error).message });
    return;
  }
  if (e.DATABASE_CA_FILE === undefined) return;
  if (!verify) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_CA_FILE'],
      message: 'is set but DATABASE_URL does not ask for TLS: add sslmode=verify-full to it',
    });
    return;
  }
  try {
    readCaFile(e.DATABASE_CA_FILE);
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_CA_FILE'], message: (error as Error).message });
  }
}

/**
 * The shared variables on the service's `port`, plus the parts it uses and its own (`extra`), validated
 * together: `serviceEnvSchema(8080, { ...databaseEnv({ size: 10, max: 100 }), ...queueEnv(), OWN: ... })`.
 */
export function serviceEnvSchema<E extends z.ZodRawShape>(port: number, extra: E) {
  return (
    z
      .object({ ...baseShape(port), ...extra })
      // `when`: also run when other variables are bad, so one message lists every problem.
      .superRefine(
        (e, ctx) => {
          checkAuth(e as unknown as BaseEnv, ctx);
          checkDatabaseTls(e as unknown as Partial<DatabaseEnv>, ctx);
        },
        { when: () => true },
      )
  );
}

/** The settings every service has, under the same names. */
export interface ServiceConfig {
  /** HTTP port; 0 picks a free one. */
  port: number;
  host: string;
  region: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  /** Token checks; `undefined` when no `AUTH_*` is set (then every write is refused, see auth.ts). */
  auth: AuthSettings | undefined;
  /** Reads need `<service>:read` (`AUTH_READ_SCOPE=true`). */
  protectReads: boolean;
}

/** The settings of a service with a database ({@link databaseEnv}). */
export interface DatabaseConfig {
  databaseUrl: string;
  /** The CA certificates `sslmode=verify-full` trusts (DATABASE_CA_FILE, else the built-in RDS bundle); `undefined` without TLS. */
  databaseCa: DatabaseCa | undefined;
  dbPoolSize: number;
  migrationsDir: string;
}

/** The settings of a service with a queue ({@link queueEnv}). */
export interface QueueConfig {
  queueUrl: string;
  sqsEndpoint: string | undefined;
}

/** A consumer's settings ({@link consumerEnv}), as the Consumer's options name them. */
export interface ConsumerSettings {
  concurrency: number;
  batchSize: number;
  waitTimeSeconds: number;
  visibilityTimeout: number;
}

/** Maps the parsed shared variables to {@link ServiceConfig}. */
export function serviceConfig(e: BaseEnv): ServiceConfig {
  return {
    port: e.PORT,
    host: e.HOST,
    region: e.AWS_REGION,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auth:
      e.AUTH_ISSUER && e.AUTH_AUDIENCE
        ? {
            issuer: e.AUTH_ISSUER,
            audience: e.AUTH_AUDIENCE,
            jwksUrl: e.AUTH_JWKS_URL,
            publicKeyPem: e.AUTH_PUBLIC_KEY,
            clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
          }
        : undefined,
    protectReads: e.AUTH_READ_SCOPE,
  };
}

/** Maps {@link databaseEnv}'s variables; `defaultMigrationsDir` is the service's own (`migrationsDirBeside`). */
export function databaseConfig(e: DatabaseEnv, defaultMigrationsDir: string): DatabaseConfig {
  return {
    databaseUrl: e.DATABASE_URL,
    databaseCa: requiresVerifiedTls(e.DATABASE_URL) ? databaseCa(e.DATABASE_CA_FILE) : undefined,
    dbPoolSize: e.DB_POOL_SIZE,
    migrationsDir: e.MIGRATIONS_DIR ?? defaultMigrationsDir,
  };
}

/** Maps {@link queueEnv}'s variables. */
export function queueConfig(e: QueueEnv): QueueConfig {
  return { queueUrl: e.SQS_QUEUE_URL, sqsEndpoint: e.SQS_ENDPOINT };
}

/** Maps {@link consumerEnv}'s variables. */
export function consumerSettings(e: ConsumerEnv): ConsumerSettings {
  return {
    concurrency: e.CONSUMER_CONCURRENCY,
    batchSize: e.CONSUMER_BATCH_SIZE,
    waitTimeSeconds: e.CONSUMER_WAIT_SECONDS,
    visibilityTimeout: e.CONSUMER_VISIBILITY_TIMEOUT,
  };
}
