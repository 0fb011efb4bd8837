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

/** Per-service defaults of {@link serviceEnvSchema}. */
export interface ServiceDefaults {
  /** Default `PORT` (inventory 8080, pricing 8081). */
  port: number;
  /** Default and largest `DB_POOL_SIZE`. */
  dbPoolSize: number;
  dbPoolMax: number;
}

/** The variables every service reads, with one rule and one message each. */
function baseShape(defaults: ServiceDefaults) {
  return {
    /** PostgreSQL connection string; each service owns its schema. `sslmode=verify-full` or none. */
    DATABASE_URL: env.databaseUrl(),
    /** PEM CA certificates for `sslmode=verify-full`; default: the built-in RDS CA bundle. */
    DATABASE_CA_FILE: z.string().min(1).optional(),
    /** The FIFO event queue. */
    SQS_QUEUE_URL: env.httpUrl(),
    /** An emulator's endpoint (fauxqs, LocalStack); unset in AWS. */
    SQS_ENDPOINT: env.httpUrl().optional(),
    AWS_REGION: env.awsRegion(),
    PORT: env.port(defaults.port),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: env.logLevel(),
    DB_POOL_SIZE: env.positiveInt(defaults.dbPoolSize, defaults.dbPoolMax),
    /** Folder of the SQL migrations; default: beside the bundle, else the source tree's. */
    MIGRATIONS_DIR: z.string().min(1).optional(),
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

type BaseEnv = z.output<z.ZodObject<ReturnType<typeof baseShape>>>;

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
function checkDatabaseTls(e: BaseEnv, ctx: z.RefinementCtx): void {
  if (!URL.canParse(e.DATABASE_URL)) return; // DATABASE_URL's own rule reports it
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

/** The shared variables plus a service's own (`extra`), validated together. */
export function serviceEnvSchema<E extends z.ZodRawShape>(defaults: ServiceDefaults, extra: E) {
  return (
    z
      .object({ ...baseShape(defaults), ...extra })
      // `when`: also run when other variables are bad, so one message lists every problem.
      .superRefine(
        (e, ctx) => {
          checkAuth(e as unknown as BaseEnv, ctx);
          checkDatabaseTls(e as unknown as BaseEnv, ctx);
        },
        { when: () => true },
      )
  );
}

/** The settings both services share, under the same names. */
export interface ServiceConfig {
  /** HTTP port; 0 picks a free one. */
  port: number;
  host: string;
  databaseUrl: string;
  /** The CA certificates `sslmode=verify-full` trusts (DATABASE_CA_FILE, else the built-in RDS bundle); `undefined` without TLS. */
  databaseCa: DatabaseCa | undefined;
  queueUrl: string;
  sqsEndpoint: string | undefined;
  region: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dbPoolSize: number;
  migrationsDir: string;
  shutdownTimeoutMs: number;
  /** Token checks; `undefined` when no `AUTH_*` is set (then every write is refused, see auth.ts). */
  auth: AuthSettings | undefined;
  /** Reads need `<service>:read` (`AUTH_READ_SCOPE=true`). */
  protectReads: boolean;
}

/** Maps the parsed shared variables to {@link ServiceConfig}; `migrationsDir` is the service's default. */
export function serviceConfig(e: BaseEnv, defaultMigrationsDir: string): ServiceConfig {
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseCa: requiresVerifiedTls(e.DATABASE_URL) ? databaseCa(e.DATABASE_CA_FILE) : undefined,
    queueUrl: e.SQS_QUEUE_URL,
    sqsEndpoint: e.SQS_ENDPOINT,
    region: e.AWS_REGION,
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.DB_POOL_SIZE,
    migrationsDir: e.MIGRATIONS_DIR ?? defaultMigrationsDir,
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
