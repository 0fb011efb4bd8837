// Starts orders in this process: its database (migrations), its HTTP API, the saga's worker and the outbox
// relay to orders-events. main.ts runs it as its own process (so does `npm start`); the tests start it in
// theirs, or as a process they can kill.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { serviceAuth } from '../../lib/src/auth.js';
import { clientCredentials } from '../../lib/src/client-credentials.js';
import { openDatabase } from '../../lib/src/database-setup.js';
import { listen } from '../../lib/src/http-server.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { OutboxRelay } from '../../lib/src/outbox-relay.js';
import { createSqsClient } from '../../lib/src/sqs.js';
import { createApp } from './app.js';
import type { OrdersConfig } from './config.js';
import { InventoryClient } from './inventory-client.js';
import { FakePaymentProvider } from './payments.js';
import { pricingClient } from './prices.js';
import { OrderSaga, type SagaCheckpoint } from './saga.js';
import { OrderStore, OUTBOX_TABLE } from './store.js';

/** A running orders service, from {@link startOrders}. */
export interface RunningOrders {
  /** `http://<host>:<port>` as reachable from this machine. */
  url: string;
  port: number;
  pool: pg.Pool;
  sqs: SQSClient;
  saga: OrderSaga;
  relay: OutboxRelay;
  metrics: Metrics;
  logger: Logger;
  /** Graceful stop, bounded by SHUTDOWN_TIMEOUT_MS: the requests in flight finish. Idempotent. */
  stop: () => Promise<void>;
}

/** Collaborators, for tests. */
export interface OrdersDeps {
  /** @defaultValue a pino logger at `config.logLevel` named `orders` */
  logger?: Logger;
  /** Called at each step of the saga (the crash tests stop the process there). */
  checkpoint?: (at: SagaCheckpoint) => void;
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
  const store = new OrderStore(pool);
  const relay = new OutboxRelay({
    table: OUTBOX_TABLE,
    pool,
    sqs,
    queueUrl: config.queueUrl,
    logger,
    metrics,
    pollIntervalMs: config.outboxPollMs,
  });
  const saga = new OrderSaga({
    store,
    inventory: new InventoryClient({
      baseUrl: config.inventoryUrl,
      credentials: clientCredentials({
        ...config.oauthClient,
        scopes: ['inventory:write'],
        // RFC 8707's resource, and Auth0's audience: the APIs' audience either way.
        resource: config.auth?.audience,
        audience: config.auth?.audience,
      }),
    }),
    payments: new FakePaymentProvider({ pool, ...config.fakePayments }),
    logger,
    metrics,
    leaseMs: config.sagaLeaseMs,
    onOutboxWrite: () => relay.notify(),
    ...(deps.checkpoint ? { checkpoint: deps.checkpoint } : {}),
  });
  const app = createApp({
    pool,
    setup,
    sqs,
    queueUrl: config.queueUrl,
    store,
    saga,
    prices: pricingClient({ baseUrl: config.pricingUrl }),
    paymentTimeoutMs: config.paymentTimeoutMs,
    logger,
    metrics,
    auth: serviceAuth(config, logger),
  });
  setup.whenDone(() => {
    void relay.start();
    saga.start();
  });
  const http = await listen(app, { port: config.port, host: config.host, logger });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await http.close(config.shutdownTimeoutMs);
      setup.stop();
      await setup.finished;
      await saga.stop();
      await relay.stop();
      await pool.end();
      sqs.destroy();
      logger.info('orders stopped');
    })();
    return stopping;
  };
  return { url: http.url, port: http.port, pool, sqs, saga, relay, metrics, logger, stop };
}
