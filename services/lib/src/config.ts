import { z } from 'zod';

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
