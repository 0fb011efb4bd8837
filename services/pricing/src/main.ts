// The process entry (and the esbuild bundle's): the services' one entry shape (services/lib/src/process.ts).
import { runServiceProcess } from '../../lib/src/process.js';
import { loadPricingConfig } from './config.js';
import { startPricing } from './service.js';

await runServiceProcess(
  'pricing',
  () => loadPricingConfig(),
  (config) => startPricing(config),
);
