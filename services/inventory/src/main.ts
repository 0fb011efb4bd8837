import { ConfigError } from '../../lib/src/config.js';
import { loadInventoryConfig } from './config.js';
import { startInventory } from './service.js';

// The process entry (and the esbuild bundle's): config, start, stop cleanly on SIGTERM/SIGINT.
try {
  const service = await startInventory(loadInventoryConfig());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          service.logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
