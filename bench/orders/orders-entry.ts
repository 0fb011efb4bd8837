// orders as its own process for bench/orders.bench.ts: started exactly as services/orders/src/main.ts starts
// it, but for the one switch below. Until the platform's client-credentials wiring lands, orders has no
// token of its own for inventory; here it calls inventory with TEST_INVENTORY_TOKEN (a signed
// `inventory:write` token from the bench's dev issuer). Once main.ts has the token source, the bench starts
// main.ts and this file goes.
import { runServiceProcess } from '../../services/lib/src/process.js';
import { loadOrdersConfig } from '../../services/orders/src/config.js';
import { startOrders } from '../../services/orders/src/service.js';

const token = process.env.TEST_INVENTORY_TOKEN ?? '';

await runServiceProcess(
  'orders',
  () => loadOrdersConfig(),
  (config) => startOrders(config, { inventoryToken: async () => token }),
);
