/**
 * Starts pricing in this process: pool, migrations, HTTP app, consumer, queue gauges. Used by
 * `main.ts` (its own process), the local stack and tests. `stop()` drains the consumer first, then
 * closes the server and the pool.
 */

import type { SQSClient } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { serviceAuth } from '../../lib/src/auth.js';
import { Consumer, type MessageHandler } from '../../lib/src/consumer.js';
import { openDatabase } from '../../lib/src/database-setup.js';
import { listen } from '../../lib/src/http-server.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { createSqsClient } from '../../lib/src/sqs.js';
import { createApp } from './app.js';
import type { PricingConfig } from './config.js';
import { createEventHandler } from './event-handler.js';
import { PriceStore } from './price-store.js';
import { pricingMetrics } from './pricing-metrics.js';
import { QueueDepthMonitor } from './queue-depth.js';

/** A running pricing service. */
export interface RunningPricing {
  /** `http://<host>:<port>` as reachable from this machine. */
  url: string;
  port: number;
  consumer: Consumer;
  store: PriceStore;
  pool: pg.Pool;
  metrics: Metrics;
  logger: Logger;
  /** Stops consuming (bounded by `shutdownTimeoutMs`), then the server, gauges, pool and client. */
  stop: () => Promise<void>;
}

/** Optional collaborators, for tests and benchmarks. */
export interface PricingDeps {
  logger?: Logger;
  sqs?: SQSClient;
  /** Wraps the event handler (e.g. to observe or slow it in a test). */
  wrapHandler?: (handler: MessageHandler) => MessageHandler;
  /** Start without the consumer (API only). @defaultvalue true */
  consume?: boolean;
}

export async function startPricing(config: PricingConfig, deps: PricingDeps = {}): Promise<RunningPricing> {
  const logger = deps.logger ?? createLogger({ name: 'pricing', level: config.logLevel });
  // An unreachable database does not fail the start: the service listens, says why it is not ready, and
  // starts consuming once the migrations ran (services/lib/src/database-setup.ts).
  const { pool, setup } = await openDatabase(config, {
    name: 'pricing',
    schema: 'pricing',
    region: config.region,
    logger,
  });
  const sqs = deps.sqs ?? createSqsClient({ region: config.region, endpoint: config.sqsEndpoint });
  const metrics = new Metrics({ defaultLabels: { service: 'pricing' } });
  const store = new PriceStore(pool);
  const shuttingDown = new AbortController();
  const handler = createEventHandler({
    store,
    logger,
    metrics: pricingMetrics(metrics),
    signal: shuttingDown.signal,
  });
  const consumer = new Consumer({
    sqs,
    queueUrl: config.queueUrl,
    handler: deps.wrapHandler ? deps.wrapHandler(handler) : handler,
    ...config.consumer,
    stopTimeoutMs: config.shutdownTimeoutMs,
  });
  consumer.on('error', (err) => logger.warn({ err }, 'sqs call failed'));
  const depth = new QueueDepthMonitor({
    sqs,
    queueUrl: config.queueUrl,
    dlqUrl: config.dlqUrl,
    metrics,
    logger,
    intervalMs: config.queueDepthIntervalMs,
  });

  const app = createApp({
    pool,
    sqs,
    queueUrl: config.queueUrl,
    store,
    logger,
    metrics,
    auth: serviceAuth(config, logger),
    setup,
  });
  const http = await listen(app, {
    port: config.port,
    host: config.host,
    logger,
    details: { queueUrl: config.queueUrl },
  });
  if (deps.consume ?? true) setup.whenDone(() => consumer.start());
  depth.start();

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      setup.stop();
      shuttingDown.abort();
      await setup.finished;
      const { drained } = await consumer.stop();
      depth.stop();
      // The drain took the shutdown bound: requests still open are cut at once.
      await http.close(0);
      await pool.end();
      if (!deps.sqs) sqs.destroy();
      logger.info({ drained }, 'pricing stopped');
    })();
    return stopped;
  };
  return { url: http.url, port: http.port, consumer, store, pool, metrics, logger, stop };
}
