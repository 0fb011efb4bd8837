/** Pricing as its own process: config from the environment, SIGTERM/SIGINT stop it cleanly (exit 0). */
import { ConfigError } from '../../lib/src/config.js';
import { createLogger } from '../../lib/src/logger.js';
import { loadPricingConfig } from './config.js';
import { startPricing } from './service.js';

let config: ReturnType<typeof loadPricingConfig>;
try {
  config = loadPricingConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`pricing: ${error.message}`);
  process.exit(1);
}
const logger = createLogger({ name: 'pricing', level: config.logLevel });
const service = await startPricing(config, { logger });

let signalled = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'stopping');
    // A hard bound in case a dependency hangs: the consumer's own bound plus time to close.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5000).unref();
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
