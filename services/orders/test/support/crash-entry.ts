// orders as its own process for the crash tests: started as main.ts starts it, plus a saga checkpoint that
// kills the process with SIGKILL the first time the saga reaches CRASH_AT (no drain, no rollback of what
// inventory or the payment provider already did). CRASH_MARKER, a file, remembers that it happened, so the
// restarted process runs through. TEST_INVENTORY_TOKEN is the token it calls inventory with.
import { existsSync, writeFileSync } from 'node:fs';
import { runServiceProcess } from '../../../lib/src/process.js';
import { loadOrdersConfig } from '../../src/config.js';
import { startOrders } from '../../src/service.js';

const { CRASH_AT, CRASH_MARKER = '', TEST_INVENTORY_TOKEN = '' } = process.env;

await runServiceProcess(
  'orders',
  () => loadOrdersConfig(),
  (config) =>
    startOrders(config, {
      inventoryToken: async () => TEST_INVENTORY_TOKEN,
      checkpoint: (at) => {
        if (at !== CRASH_AT || existsSync(CRASH_MARKER)) return;
        writeFileSync(CRASH_MARKER, at);
        process.kill(process.pid, 'SIGKILL');
      },
    }),
);
