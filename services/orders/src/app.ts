// The HTTP API of orders on the services' common plumbing (services/lib/src/http.ts): /health, /ready
// (database and queue reachable), /metrics, correlation ids, the error shape, bearer tokens for every route
// (`orders:write` to place or cancel, `orders:read` to read); its own routes in routes.ts.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Express } from 'express';
import type pg from 'pg';
import type { ServiceAuth } from '../../lib/src/auth.js';
import type { DatabaseSetup } from '../../lib/src/database-setup.js';
import { checkDatabase } from '../../lib/src/db.js';
import { createHttpApp } from '../../lib/src/http.js';
import type { Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { checkQueue } from '../../lib/src/sqs.js';
import type { PriceLookup } from './prices.js';
import { ordersRoutes } from './routes.js';
import type { OrderSaga } from './saga.js';
import type { OrderStore } from './store.js';

/** Dependencies of {@link createApp}. */
export interface AppDeps {
  pool: pg.Pool;
  /** The start's database setup: routes answer 503 and `/ready` fails until the migrations ran. */
  setup: Pick<DatabaseSetup, 'check' | 'guard'>;
  sqs: SQSClient;
  /** The queue it sends to (orders-events), probed by `/ready`. */
  queueUrl: string;
  store: OrderStore;
  saga: OrderSaga;
  prices: PriceLookup;
  /** How long a new order's payment may take (its deadline). */
  paymentTimeoutMs: number;
  logger: Logger;
  /** Bearer-token checks of the API; no verifier: every route but the probes is refused. */
  auth: ServiceAuth;
  /** @defaultValue a fresh registry with Node process metrics */
  metrics?: Metrics;
}

export function createApp(deps: AppDeps): Express {
  return createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics ?? new Metrics({ defaultLabels: { service: 'orders' } }),
    readiness: {
      database: async () => {
        deps.setup.check();
        await checkDatabase(deps.pool);
      },
      queue: () => checkQueue(deps.sqs, deps.queueUrl),
    },
    beforeRoutes: deps.setup.guard,
    // Orders are their customers' own: reads need a token too, whatever AUTH_READ_SCOPE says.
    auth: { service: 'orders', ...deps.auth, protectReads: true },
    routes: ordersRoutes(deps),
  });
}
