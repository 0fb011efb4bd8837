// The process entry (and the esbuild bundle's): the services' one entry shape (services/lib/src/process.ts).
import { runServiceProcess } from '../../lib/src/process.js';
import { loadStorefrontConfig } from './config.js';
import { startStorefront } from './service.js';

await runServiceProcess(
  'storefront',
  () => loadStorefrontConfig(),
  (config) => startStorefront(config),
);
