import type { AddressInfo } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Express } from 'express';
import type pg from 'pg';
import { createTokenVerifier } from '../../lib/src/auth.js';
import { DatabaseSetup } from '../../lib/src/database-setup.js';
import { createPool, migrate } from '../../lib/src/db.js';
import { logDatabaseTls } from '../../lib/src/db-tls.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { createSqsClient } from '../../lib/src/sqs.js';
import { createApp } from './app.js';
import type { InventoryConfig } from './config.js';
import { purgeIdempotencyKeys } from './idempotency.js';
import { OutboxRelay } from './outbox-relay.js';

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
  const pool = createPool({
    connectionString: config.databaseUrl,
    ca: config.databaseCa?.pem,
    max: config.dbPoolSize,
    applicationName: 'inventory',
    logger,
  });
  logDatabaseTls(config.databaseCa, config.databaseUrl, config.region, logger);
  const sqs = createSqsClient({ region: config.region, endpoint: config.sqsEndpoint });
  const metrics = new Metrics({ defaultLabels: { service: 'inventory' } });
  let setup: DatabaseSetup;
  try {
    // An unreachable database does not fail the start: the service listens, says why it is not
    // ready, and starts the relay once the migrations ran (database-setup.ts).
    setup = await DatabaseSetup.start(
      () => migrate(pool, { schema: 'inventory', dir: config.migrationsDir, logger }),
      logger,
    );
  } catch (error) {
    await pool.end();
    sqs.destroy();
    throw error;
  }
  const relay = new OutboxRelay({
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
    auth: {
      verifier: config.auth && createTokenVerifier(config.auth),
      protectReads: config.protectReads,
    },
    onOutboxWrite: () => relay.notify(),
    setup,
  });
  if (!config.auth) logger.warn('AUTH_* not set: every write is refused (503 auth_not_configured)');
  setup.whenDone(() => void relay.start());
  const purge = setInterval(
    () =>
      purgeIdempotencyKeys(pool).catch((err: unknown) =>
        logger.warn({ err }, 'idempotency key purge failed'),
      ),
    60 * 60 * 1000,
  );
  purge.unref();
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url, port }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('inventory stopping');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests in flight get the shutdown bound; then their connections are cut.
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(force);
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
  return { url, port, app, pool, sqs, relay, metrics, logger, stop };
}
