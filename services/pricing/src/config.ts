/** Pricing's configuration, read from the environment once at start and validated as a whole. */
import {
  type ConsumerSettings,
  consumerEnv,
  consumerSettings,
  type DatabaseConfig,
  databaseConfig,
  databaseEnv,
  env,
  loadConfig,
  type QueueConfig,
  queueConfig,
  queueEnv,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the pricing process: the shared variables (services/lib), its database, queue and consumer. */
export const pricingEnv = serviceEnvSchema(8081, {
  ...databaseEnv({ size: 10, max: 100 }),
  ...queueEnv(),
  ...consumerEnv(),
  /** The DLQ, for the depth gauge; when absent it is read from the queue's redrive policy. */
  SQS_DLQ_URL: env.httpUrl().optional(),
  QUEUE_DEPTH_INTERVAL_MS: env.positiveInt(15_000),
});

/** Everything pricing needs to run: the shared settings, its database, queue and consumer; see the README. */
export interface PricingConfig extends ServiceConfig, DatabaseConfig, QueueConfig {
  /** `SQS_DLQ_URL`; when absent it is read from the queue's redrive policy. */
  dlqUrl: string | undefined;
  consumer: ConsumerSettings;
  queueDepthIntervalMs: number;
}

/**
 * Validates the environment.
 * @throws ConfigError listing every bad or missing variable
 */
export function loadPricingConfig(source: Record<string, string | undefined> = process.env): PricingConfig {
  const e = loadConfig(pricingEnv, source);
  return {
    ...serviceConfig(e),
    ...databaseConfig(e, migrationsDirBeside(import.meta.url)),
    ...queueConfig(e),
    dlqUrl: e.SQS_DLQ_URL,
    consumer: consumerSettings(e),
    queueDepthIntervalMs: e.QUEUE_DEPTH_INTERVAL_MS,
  };
}
