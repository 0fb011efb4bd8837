// The process entry (and the esbuild bundle's): the services' one entry shape (services/lib/src/process.ts).
import { runServiceProcess } from '../../lib/src/process.js';
import { loadInventoryConfig } from './config.js';
import { startInventory } from './service.js';

await runServiceProcess(
  'inventory',
  () => loadInventoryConfig(),
  (config) => startInventory(config),
);
