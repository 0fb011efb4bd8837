// Starts orders in this process: its database (migrations), its client of orders-events, its HTTP API.
// main.ts runs it as its own process (so does `npm start`); the tests start it in theirs.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { serviceAuth } from '../../lib/src/auth.js';
import { openDatabase } from '../../lib/src/database-setup.js';
import { listen } from '../../lib/src/http-server.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { createSqsClient } from '../../lib/src/sqs.js';
import { createApp } from './app.js';
import type { OrdersConfig } from './config.js';
import { ItemStore } from './store.js';

/** A running orders service, from {@link startOrders}. */
export interface RunningOrders {
  /** `http://<host>:<port>` as reachable from this machine. */
  url: string;
  port: number;
  pool: pg.Pool;
  sqs: SQSClient;
  metrics: Metrics;
  logger: Logger;
  /** Graceful stop, bounded by SHUTDOWN_TIMEOUT_MS: the requests in flight finish. Idempotent. */
  stop: () => Promise<void>;
}

/** Optional collaborators, for tests. */
export interface OrdersDeps {
  /** @defaultValue a pino logger at `config.logLevel` named `orders` */
  logger?: Logger;
}

export async function startOrders(config: OrdersConfig, deps: OrdersDeps = {}): Promise<RunningOrders> {
  const logger = deps.logger ?? createLogger({ name: 'orders', level: config.logLevel });
  // An unreachable database does not fail the start: the service listens and says why it is not ready.
  const { pool, setup } = await openDatabase(config, {
    name: 'orders',
    schema: 'orders',
    region: config.region,
    logger,
  });
  const sqs = createSqsClient({ region: config.region, endpoint: config.sqsEndpoint });
  const metrics = new Metrics({ defaultLabels: { service: 'orders' } });
  const store = new ItemStore(pool);
  const app = createApp({
    pool,
    setup,
    sqs,
    queueUrl: config.queueUrl,
    store,
    logger,
    metrics,
    auth: serviceAuth(config, logger),
  });
  const http = await listen(app, { port: config.port, host: config.host, logger });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await http.close(config.shutdownTimeoutMs);
      setup.stop();
      await setup.finished;
      await pool.end();
      sqs.destroy();
      logger.info('orders stopped');
    })();
    return stopping;
  };
  return { url: http.url, port: http.port, pool, sqs, metrics, logger, stop };
}
