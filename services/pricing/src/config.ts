/** Pricing's configuration, read from the environment once at start and validated as a whole. */
import { z } from 'zod';
import { env, loadConfig } from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

const schema = z.object({
  PORT: env.port(8081),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: env.databaseUrl(),
  SQS_ENDPOINT: env.httpUrl().optional(),
  SQS_QUEUE_URL: env.httpUrl(),
  SQS_DLQ_URL: env.httpUrl().optional(),
  AWS_REGION: env.awsRegion(),
  LOG_LEVEL: env.logLevel(),
  DB_POOL_SIZE: env.positiveInt(10, 100),
  CONSUMER_CONCURRENCY: env.positiveInt(20, 1000),
  CONSUMER_BATCH_SIZE: env.positiveInt(10, 10),
  CONSUMER_WAIT_SECONDS: z.coerce
    .number()
    .int('expected an integer between 0 and 20')
    .min(0, 'expected an integer between 0 and 20')
    .max(20, 'expected an integer between 0 and 20')
    .default(20),
  CONSUMER_VISIBILITY_TIMEOUT: env.positiveInt(30, 43_200),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000, 600_000),
  QUEUE_DEPTH_INTERVAL_MS: env.positiveInt(15_000),
  MIGRATIONS_DIR: z.string().min(1).optional(),
});

/** Everything pricing needs to run; see the README for the variables. */
export interface PricingConfig {
  /** HTTP port (`PORT`, default 8081; 0 picks a free one). */
  port: number;
  /** Interface to listen on (`HOST`, default 0.0.0.0). */
  host: string;
  /** `DATABASE_URL`. */
  databaseUrl: string;
  /** `SQS_ENDPOINT`: an emulator's URL; absent in AWS. */
  sqsEndpoint: string | undefined;
  /** `SQS_QUEUE_URL`: the FIFO event queue. */
  queueUrl: string;
  /** `SQS_DLQ_URL`; when absent it is read from the queue's redrive policy. */
  dlqUrl: string | undefined;
  region: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dbPoolMax: number;
  consumer: { concurrency: number; batchSize: number; waitTimeSeconds: number; visibilityTimeout: number };
  /** Bound on finishing in-flight messages at shutdown. */
  shutdownTimeoutMs: number;
  queueDepthIntervalMs: number;
  /** Folder of the SQL migrations (default: `migrations/` beside the bundle, else `../migrations` from `src/`). */
  migrationsDir: string;
}

/** Validates the environment; throws the lib's ConfigError listing every problem. */
export function loadPricingConfig(source: Record<string, string | undefined> = process.env): PricingConfig {
  const c = loadConfig(schema, source);
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    sqsEndpoint: c.SQS_ENDPOINT,
    queueUrl: c.SQS_QUEUE_URL,
    dlqUrl: c.SQS_DLQ_URL,
    region: c.AWS_REGION,
    logLevel: c.LOG_LEVEL,
    dbPoolMax: c.DB_POOL_SIZE,
    consumer: {
      concurrency: c.CONSUMER_CONCURRENCY,
      batchSize: c.CONSUMER_BATCH_SIZE,
      waitTimeSeconds: c.CONSUMER_WAIT_SECONDS,
      visibilityTimeout: c.CONSUMER_VISIBILITY_TIMEOUT,
    },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    queueDepthIntervalMs: c.QUEUE_DEPTH_INTERVAL_MS,
    migrationsDir: c.MIGRATIONS_DIR ?? migrationsDirBeside(import.meta.url),
  };
}
