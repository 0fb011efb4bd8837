// The configuration of orders, read from the environment once at start and validated as a whole.
import { z } from 'zod';
import {
  type DatabaseConfig,
  databaseConfig,
  databaseEnv,
  env,
  loadConfig,
  oauthClientEnv,
  type QueueConfig,
  queueConfig,
  queueEnv,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the orders process: the shared variables (services/lib), its database and queue, the saga's. */
export const ordersEnv = serviceEnvSchema(8082, {
  ...databaseEnv({ size: 10, max: 100 }),
  ...queueEnv(),
  /** Its client credentials at the identity provider: inventory:write tokens for the saga. */
  ...oauthClientEnv(),
  /** inventory's base URL (its reservation API). */
  INVENTORY_URL: env.httpUrl(),
  /** pricing's base URL (the price each line is charged at). */
  PRICING_URL: env.httpUrl(),
  /** How long after placing an order its payment may take; then the order is cancelled. @defaultValue 60 s */
  PAYMENT_TIMEOUT_MS: env.positiveInt(60_000, 3_600_000),
  /** How long a saga worker holds an order; a crashed replica's orders wait this long. @defaultValue 30 s */
  SAGA_LEASE_MS: env.positiveInt(30_000, 600_000),
  /** The outbox relay's poll for rows another replica's writes left. @defaultValue 200 ms */
  OUTBOX_POLL_MS: env.positiveInt(200, 250),
  /** The local fake payment provider: every charge waits this long. @defaultValue 0 */
  FAKE_PAYMENT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /** The local fake payment provider: the share of approvable charges it declines at random. @defaultValue 0 */
  FAKE_PAYMENT_DECLINE_RATE: z.coerce
    .number()
    .min(0, 'expected a share between 0 and 1')
    .max(1, 'expected a share between 0 and 1')
    .default(0),
});

/** Settings of {@link startOrders}. */
export interface OrdersConfig extends ServiceConfig, DatabaseConfig, QueueConfig {
  /** The client credentials grant orders calls inventory with (`inventory:write`). */
  oauthClient: { tokenUrl: string; clientId: string; clientSecret: string };
  inventoryUrl: string;
  pricingUrl: string;
  paymentTimeoutMs: number;
  sagaLeaseMs: number;
  outboxPollMs: number;
  fakePayments: { delayMs: number; declineRate: number };
}

/**
 * Reads the settings of orders from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadOrdersConfig(source: Record<string, string | undefined> = process.env): OrdersConfig {
  const e = loadConfig(ordersEnv, source);
  return {
    ...serviceConfig(e),
    ...databaseConfig(e, migrationsDirBeside(import.meta.url)),
    ...queueConfig(e),
    oauthClient: {
      tokenUrl: e.OAUTH_TOKEN_URL,
      clientId: e.OAUTH_CLIENT_ID,
      clientSecret: e.OAUTH_CLIENT_SECRET,
    },
    inventoryUrl: e.INVENTORY_URL,
    pricingUrl: e.PRICING_URL,
    paymentTimeoutMs: e.PAYMENT_TIMEOUT_MS,
    sagaLeaseMs: e.SAGA_LEASE_MS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    fakePayments: { delayMs: e.FAKE_PAYMENT_DELAY_MS, declineRate: e.FAKE_PAYMENT_DECLINE_RATE },
  };
}
