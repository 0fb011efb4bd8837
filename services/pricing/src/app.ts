/** The pricing HTTP API (see ARCHITECTURE.md, Services): the same shape as inventory's `createApp`. */
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
import type { PriceStore } from './price-store.js';
import { pricingRoutes } from './routes.js';

/** Dependencies of {@link createApp}. */
export interface AppDeps {
  pool: pg.Pool;
  sqs: SQSClient;
  /** Event queue URL, probed by `/ready`. */
  queueUrl: string;
  store: PriceStore;
  logger: Logger;
  /** Bearer-token checks of the API (the policy PUT needs `pricing:write`); no verifier: writes are refused. */
  auth: ServiceAuth;
  /** @defaultValue a fresh registry with Node process metrics */
  metrics?: Metrics;
  /** The start's database setup: routes answer 503 and `/ready` fails until it is done. @defaultValue none (set up) */
  setup?: Pick<DatabaseSetup, 'check' | 'guard'>;
}

export function createApp(deps: AppDeps): Express {
  return createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics ?? new Metrics({ defaultLabels: { service: 'pricing' } }),
    readiness: {
      database: async () => {
        deps.setup?.check();
        await checkDatabase(deps.pool);
      },
      queue: () => checkQueue(deps.sqs, deps.queueUrl),
    },
    ...(deps.setup ? { beforeRoutes: deps.setup.guard } : {}),
    auth: { service: 'pricing', ...deps.auth },
    routes: pricingRoutes(deps.store),
  });
}
