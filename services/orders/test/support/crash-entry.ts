// orders as its own process for the crash tests: started as main.ts starts it, plus a saga checkpoint that
// kills the process with SIGKILL the first time the saga reaches CRASH_AT (no drain, no rollback of what
// inventory or the payment provider already did). CRASH_MARKER, a file, remembers that it happened, so the
// restarted process runs through.
import { existsSync, writeFileSync } from 'node:fs';
import { runServiceProcess } from '../../../lib/src/process.js';
import { loadOrdersConfig } from '../../src/config.js';
import { startOrders } from '../../src/service.js';

const { CRASH_AT, CRASH_MARKER = '' } = process.env;

await runServiceProcess(
  'orders',
  () => loadOrdersConfig(),
  (config) =>
    startOrders(config, {
      checkpoint: (at) => {
        if (at !== CRASH_AT || existsSync(CRASH_MARKER)) return;
        writeFileSync(CRASH_MARKER, at);
        process.kill(process.pid, 'SIGKILL');
      },
    }),
);
