import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Express } from 'express';
import type pg from 'pg';
import { serviceAuth } from '../../lib/src/auth.js';
import { openDatabase } from '../../lib/src/database-setup.js';
import { listen } from '../../lib/src/http-server.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { OutboxRelay } from '../../lib/src/outbox-relay.js';
import { createSqsClient } from '../../lib/src/sqs.js';
import { createApp } from './app.js';
import type { InventoryConfig } from './config.js';
import { purgeIdempotencyKeys } from './idempotency.js';
import { OUTBOX_TABLE } from './store.js';

/** A running inventory service, from {@link startInventory}. */
export interface InventoryService {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  app: Express;
  pool: pg.Pool;
  sqs: SQSClient;
  relay: OutboxRelay;
  metrics: Metrics;
  logger: Logger;
  /** Graceful stop: stop accepting, finish requests, drain the relay, close the pool. Idempotent. */
  stop: () => Promise<void>;
}

/** Extra wiring for {@link startInventory}. */
export interface StartOptions {
  /** @defaultValue a pino logger at `config.logLevel` named `inventory` */
  logger?: Logger;
}

/**
 * Starts inventory in this process: migrations, HTTP server, outbox relay. Used by `main.ts`, by the
 * local stack (`npm start`) and by tests.
 */
export async function startInventory(
  config: InventoryConfig,
  options: StartOptions = {},
): Promise<InventoryService> {
  const logger = options.logger ?? createLogger({ name: 'inventory', level: config.logLevel });
  // An unreachable database does not fail the start: the service listens, says why it is not ready, and
  // starts the relay once the migrations ran (services/lib/src/database-setup.ts).
  const { pool, setup } = await openDatabase(config, {
    name: 'inventory',
    schema: 'inventory',
    region: config.region,
    logger,
  });
  const sqs = createSqsClient({ region: config.region, endpoint: config.sqsEndpoint });
  const metrics = new Metrics({ defaultLabels: { service: 'inventory' } });
  const relay = new OutboxRelay({
    table: OUTBOX_TABLE,
    pool,
    sqs,
    queueUrl: config.queueUrl,
    logger,
    metrics,
    pollIntervalMs: config.outboxPollMs,
  });
  const app = createApp({
    pool,
    sqs,
    queueUrl: config.queueUrl,
    logger,
    metrics,
    auth: serviceAuth(config, logger),
    onOutboxWrite: () => relay.notify(),
    setup,
  });
  setup.whenDone(() => void relay.start());
  const purge = setInterval(
    () =>
      purgeIdempotencyKeys(pool).catch((err: unknown) =>
        logger.warn({ err }, 'idempotency key purge failed'),
      ),
    60 * 60 * 1000,
  );
  purge.unref();
  const http = await listen(app, { port: config.port, host: config.host, logger });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('inventory stopping');
      // Requests in flight get the shutdown bound; then their connections are cut.
      await http.close(config.shutdownTimeoutMs);
      clearInterval(purge);
      setup.stop();
      await setup.finished;
      await relay.stop();
      await pool.end();
      sqs.destroy();
      logger.info('inventory stopped');
    })();
    return stopping;
  };
  return { url: http.url, port: http.port, app, pool, sqs, relay, metrics, logger, stop };
}
