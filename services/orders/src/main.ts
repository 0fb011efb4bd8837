// The process entry (and the esbuild bundle's): the services' one entry shape (services/lib/src/process.ts).
import { runServiceProcess } from '../../lib/src/process.js';
import { loadOrdersConfig } from './config.js';
import { startOrders } from './service.js';

await runServiceProcess(
  'orders',
  () => loadOrdersConfig(),
  (config) => startOrders(config),
);
