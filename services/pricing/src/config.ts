/** Pricing's configuration, read from the environment once at start and validated as a whole. */
import { z } from 'zod';
import {
  env,
  loadConfig,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the pricing process: the shared variables (services/lib) plus the consumer's. */
export const pricingEnv = serviceEnvSchema(
  { port: 8081, dbPoolSize: 10, dbPoolMax: 100 },
  {
    /** The DLQ, for the depth gauge; when absent it is read from the queue's redrive policy. */
    SQS_DLQ_URL: env.httpUrl().optional(),
    CONSUMER_CONCURRENCY: env.positiveInt(20, 1000),
    CONSUMER_BATCH_SIZE: env.positiveInt(10, 10),
    CONSUMER_WAIT_SECONDS: z.coerce
      .number()
      .int('expected an integer between 0 and 20')
      .min(0, 'expected an integer between 0 and 20')
      .max(20, 'expected an integer between 0 and 20')
      .default(20),
    CONSUMER_VISIBILITY_TIMEOUT: env.positiveInt(30, 43_200),
    QUEUE_DEPTH_INTERVAL_MS: env.positiveInt(15_000),
  },
);

/** Everything pricing needs to run: the shared settings plus the consumer's; see the README. */
export interface PricingConfig extends ServiceConfig {
  /** `SQS_DLQ_URL`; when absent it is read from the queue's redrive policy. */
  dlqUrl: string | undefined;
  consumer: { concurrency: number; batchSize: number; waitTimeSeconds: number; visibilityTimeout: number };
  queueDepthIntervalMs: number;
}

/**
 * Validates the environment.
 * @throws ConfigError listing every bad or missing variable
 */
export function loadPricingConfig(source: Record<string, string | undefined> = process.env): PricingConfig {
  const c = loadConfig(pricingEnv, source);
  return {
    ...serviceConfig(c, migrationsDirBeside(import.meta.url)),
    dlqUrl: c.SQS_DLQ_URL,
    consumer: {
      concurrency: c.CONSUMER_CONCURRENCY,
      batchSize: c.CONSUMER_BATCH_SIZE,
      waitTimeSeconds: c.CONSUMER_WAIT_SECONDS,
      visibilityTimeout: c.CONSUMER_VISIBILITY_TIMEOUT,
    },
    queueDepthIntervalMs: c.QUEUE_DEPTH_INTERVAL_MS,
  };
}
