import { z } from 'zod';
import { env, loadConfig } from '../../lib/src/config.js';

/** Environment of the inventory process. */
export const inventoryEnv = z.object({
  /** PostgreSQL connection string; the service owns schema `inventory`. */
  DATABASE_URL: env.databaseUrl(),
  /** URL of the FIFO event queue (`…/inventory-events.fifo`). */
  SQS_QUEUE_URL: env.httpUrl(),
  /** SQS endpoint override (fauxqs, LocalStack); unset in AWS. */
  SQS_ENDPOINT: env.httpUrl().optional(),
  AWS_REGION: env.awsRegion(),
  /** HTTP port. @defaultValue 8080 */
  PORT: env.port(8080),
  /** Interface to bind. @defaultValue `0.0.0.0` */
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: env.logLevel(),
  /** `pg` pool size. @defaultValue 20 */
  DB_POOL_SIZE: env.positiveInt(20, 200),
  /** Outbox fallback poll when no NOTIFY arrives. @defaultValue 200 ms, at most 250 */
  OUTBOX_POLL_MS: env.positiveInt(200, 250),
});

/** Settings of {@link startInventory}, as parsed from the environment. */
export interface InventoryConfig {
  databaseUrl: string;
  queueUrl: string;
  sqsEndpoint?: string | undefined;
  awsRegion: string;
  /** 0 picks a free port (tests, the in-process stack). */
  port: number;
  host: string;
  logLevel: z.infer<typeof inventoryEnv>['LOG_LEVEL'];
  dbPoolSize: number;
  outboxPollMs: number;
}

/**
 * Reads the inventory settings from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadInventoryConfig(
  source: Record<string, string | undefined> = process.env,
): InventoryConfig {
  const e = loadConfig(inventoryEnv, source);
  return {
    databaseUrl: e.DATABASE_URL,
    queueUrl: e.SQS_QUEUE_URL,
    sqsEndpoint: e.SQS_ENDPOINT,
    awsRegion: e.AWS_REGION,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.DB_POOL_SIZE,
    outboxPollMs: e.OUTBOX_POLL_MS,
  };
}
