// Pricing wired to a test database and queue, as the pricing and the cross-service tests start it.
import { createLogger } from '../../lib/src/logger.js';
import { createDevIssuer } from '../../lib/test-support/auth.js';
import type { TestDatabase } from '../../lib/test-support/database.js';
import type { TestQueue } from '../../lib/test-support/fauxqs.js';
import { loadPricingConfig } from '../src/config.js';
import { type PricingDeps, type RunningPricing, startPricing } from '../src/service.js';

/** The issuer pricing under test trusts (AUTH_PUBLIC_KEY etc. in {@link pricingTestEnv}). */
export const testIssuer = await createDevIssuer();

/** Pricing's environment for `db` and `queue` on 127.0.0.1, any free port; `extra` adds or overrides. */
export function pricingTestEnv(
  db: TestDatabase,
  queue: TestQueue,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SQS_ENDPOINT: queue.endpoint,
    SQS_QUEUE_URL: queue.queueUrl,
    ...testIssuer.env,
    ...extra,
  };
}

/** Starts pricing in this process with {@link pricingTestEnv} and a silent logger. */
export function startTestPricing(
  db: TestDatabase,
  queue: TestQueue,
  options: { env?: Record<string, string>; consume?: boolean } = {},
): Promise<RunningPricing> {
  const deps: PricingDeps = { logger: createLogger({ name: 'pricing', level: 'silent' }) };
  if (options.consume !== undefined) deps.consume = options.consume;
  return startPricing(loadPricingConfig(pricingTestEnv(db, queue, options.env)), deps);
}
