// An event whose database is away is held and retried, not failed: a failed message counts a receive,
// and enough receives during an outage would send good events to the DLQ. Proven on a PostgreSQL
// cluster of the test's own, stopped and started again (never the machine's shared server).
import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createPool, migrate } from '../../lib/src/db.js';
import { buildStockChanged } from '../../lib/src/events.js';
import { createLogger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import {
  canStartPrivatePostgres,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../../lib/test-support/private-postgres.js';
import { createEventHandler } from '../src/event-handler.js';
import { PriceStore } from '../src/price-store.js';
import { pricingMetrics } from '../src/pricing-metrics.js';

const canRun = canStartPrivatePostgres('event-handler-outage');

let server: PrivatePostgres;
let pool: pg.Pool;
beforeAll(async () => {
  if (!canRun) return;
  server = await startPrivatePostgres();
  pool = createPool({ connectionString: server.url(), max: 2 });
  await migrate(pool, { schema: 'pricing', dir: new URL('../migrations', import.meta.url).pathname });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await server?.destroy();
});

const message = (sku: string, seq: number): Message => ({
  MessageId: `m-${sku}-${seq}`,
  Body: JSON.stringify(
    buildStockChanged({
      source: '/inventory',
      correlationId: `c-${seq}`,
      data: { sku, seq, onHand: seq, reserved: 0, available: seq, delta: 1, reason: 'received' },
    }),
  ),
});

(canRun ? describe : describe.skip)('event handler during a database outage', () => {
  it('holds the event while the database is down and applies it once it is back; stop ends the wait', async () => {
    const shutdown = new AbortController();
    const store = new PriceStore(pool);
    const handler = createEventHandler({
      store,
      logger: createLogger({ name: 'pricing', level: 'silent' }),
      metrics: pricingMetrics(new Metrics({ defaultMetrics: false })),
      signal: shutdown.signal,
    });
    await server.stop();
    let settled: 'resolved' | 'rejected' | undefined;
    const handled = handler(message('HOLD-1', 1)).then(
      () => {
        settled = 'resolved';
      },
      () => {
        settled = 'rejected';
      },
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBeUndefined(); // neither failed (towards the DLQ) nor acknowledged
    await server.start();
    await handled;
    expect(settled).toBe('resolved');
    const { rows } = await pool.query<{ last_seq: string }>(
      "SELECT last_seq FROM pricing.prices WHERE sku = 'HOLD-1'",
    );
    expect(Number(rows[0]?.last_seq)).toBe(1);

    // Stopping while the database is down: the wait ends and the message stays on the queue.
    await server.stop();
    const waiting = handler(message('HOLD-1', 2));
    await new Promise((r) => setTimeout(r, 500));
    shutdown.abort();
    await expect(waiting).rejects.toBeDefined();
    await server.start();
  }, 60_000);
});
