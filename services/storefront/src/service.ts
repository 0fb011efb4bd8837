// Starts storefront in this process: its HTTP API. main.ts runs it as its own process (so does
// `npm start`); the tests start it in theirs.
import { serviceAuth } from '../../lib/src/auth.js';
import { listen } from '../../lib/src/http-server.js';
import { createLogger, type Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { createApp } from './app.js';
import type { StorefrontConfig } from './config.js';

/** A running storefront service, from {@link startStorefront}. */
export interface RunningStorefront {
  /** `http://<host>:<port>` as reachable from this machine. */
  url: string;
  port: number;
  metrics: Metrics;
  logger: Logger;
  /** Graceful stop, bounded by SHUTDOWN_TIMEOUT_MS: the requests in flight finish. Idempotent. */
  stop: () => Promise<void>;
}

/** Optional collaborators, for tests. */
export interface StorefrontDeps {
  /** @defaultValue a pino logger at `config.logLevel` named `storefront` */
  logger?: Logger;
}

export async function startStorefront(
  config: StorefrontConfig,
  deps: StorefrontDeps = {},
): Promise<RunningStorefront> {
  const logger = deps.logger ?? createLogger({ name: 'storefront', level: config.logLevel });
  const metrics = new Metrics({ defaultLabels: { service: 'storefront' } });
  const app = createApp({
    publicDir: config.publicDir,
    signIn: config.signIn,
    logger,
    metrics,
    auth: serviceAuth(config, logger),
  });
  const http = await listen(app, { port: config.port, host: config.host, logger });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await http.close(config.shutdownTimeoutMs);
      logger.info('storefront stopped');
    })();
    return stopping;
  };
  return { url: http.url, port: http.port, metrics, logger, stop };
}
