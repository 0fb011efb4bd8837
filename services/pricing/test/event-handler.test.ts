import { Writable } from 'node:stream';
import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { migrate } from '../../lib/src/db.js';
import { buildStockChanged, InvalidEventError } from '../../lib/src/events.js';
import { createLogger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { createEventHandler } from '../src/event-handler.js';
import { PriceStore } from '../src/price-store.js';
import { pricingMetrics } from '../src/pricing-metrics.js';

let db: TestDatabase;
let pool: pg.Pool;
const lines: Array<Record<string, unknown>> = [];
let handler: ReturnType<typeof createEventHandler>;
let metrics: Metrics;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'pricing_handler' });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await migrate(pool, { schema: 'pricing', dir: new URL('../migrations', import.meta.url).pathname });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  metrics = new Metrics({ defaultMetrics: false });
  handler = createEventHandler({
    store: new PriceStore(pool),
    logger: createLogger({ name: 'pricing', level: 'debug', destination }),
    metrics: pricingMetrics(metrics),
  });
});
afterAll(async () => {
  await pool?.end();
  await db?.cleanup();
});

const message = (body: string, attributes: Message['MessageAttributes'] = {}): Message => ({
  MessageId: `m-${Math.random()}`,
  Body: body,
  MessageAttributes: attributes,
});

describe('event handler', () => {
  it("logs under the event's correlation id, and counts applied and duplicate events", async () => {
    const event = buildStockChanged({
      source: '/inventory',
      correlationId: 'req-1234',
      data: { sku: 'CORR-1', seq: 1, onHand: 4, reserved: 1, available: 3, delta: 4, reason: 'set' },
    });
    await handler(message(JSON.stringify(event)));
    await handler(message(JSON.stringify(event)));
    const mine = lines.filter((l) => l.sku === 'CORR-1');
    expect(mine.length).toBe(2);
    expect(mine.every((l) => l.correlationId === 'req-1234')).toBe(true);
    const text = await metrics.text();
    expect(text).toMatch(/pricing_events_consumed_total 1/);
    expect(text).toMatch(/pricing_events_ignored_total\{reason="duplicate"\} 1/);
  });

  it('throws on a poison body (so it is not deleted), with the message attribute as correlation id', async () => {
    await expect(
      handler(message('{"nope":', { correlationid: { DataType: 'String', StringValue: 'req-9' } })),
    ).rejects.toThrow(InvalidEventError);
    expect(lines.some((l) => l.correlationId === 'req-9' && l.level === 40)).toBe(true);
    expect(await metrics.text()).toMatch(/pricing_events_failed_total\{reason="invalid"\} 1/);
  });

  it('applies the events handled together in one transaction, each with its own outcome', async () => {
    const store = new PriceStore(pool);
    const batches: number[] = [];
    const applyBatch = store.applyStockChangedBatch.bind(store);
    store.applyStockChangedBatch = (events) => {
      batches.push(events.length);
      return applyBatch(events);
    };
    const grouped = createEventHandler({
      store,
      logger: createLogger({ name: 'pricing', level: 'silent' }),
      metrics: pricingMetrics(new Metrics({ defaultMetrics: false })),
    });
    const event = (sku: string, seq: number, available: number) =>
      JSON.stringify(
        buildStockChanged({
          source: '/inventory',
          data: { sku, seq, onHand: available, reserved: 0, available, delta: 0, reason: 'set' },
        }),
      );
    await grouped(message(event('GRP-0', 5, 50)));
    // A receive's worth at once: eight new SKUs and a newer seq of GRP-0; then two duplicates.
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => grouped(message(event(`GRP-${i + 1}`, 1, i)))),
      grouped(message(event('GRP-0', 6, 200))),
    ]);
    await Promise.all([grouped(message(event('GRP-0', 6, 200))), grouped(message(event('GRP-1', 1, 3)))]);
    expect(batches).toEqual([9, 2]);
    const { rows } = await pool.query(
      `SELECT sku, last_seq::int AS seq, available, price::int AS price FROM pricing.prices
        WHERE sku LIKE 'GRP-%' ORDER BY sku`,
    );
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual({ sku: 'GRP-0', seq: 6, available: 200, price: 700 });
    expect(rows[1]).toEqual({ sku: 'GRP-1', seq: 1, available: 0, price: 1500 });
    const history = await pool.query(
      `SELECT count(*)::int AS n FROM pricing.price_history WHERE sku LIKE 'GRP-%'`,
    );
    expect(history.rows[0].n).toBe(10); // 1 + 8 + 1: the duplicates wrote nothing
  });

  it('when a batch fails, retries its events one by one: only the bad one fails', async () => {
    // A real database refusal for one SKU, as a constraint or a bad row would cause.
    await pool.query(`CREATE FUNCTION pricing.refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN IF NEW.sku = 'BAD-1' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                      RETURN NEW; END $$`);
    await pool.query(
      'CREATE TRIGGER refuse_bad BEFORE INSERT OR UPDATE ON pricing.prices FOR EACH ROW EXECUTE FUNCTION pricing.refuse_bad()',
    );
    try {
      const bodies = ['OK-1', 'BAD-1', 'OK-2'].map((sku) =>
        JSON.stringify(
          buildStockChanged({
            source: '/inventory',
            data: { sku, seq: 1, onHand: 5, reserved: 0, available: 5, delta: 5, reason: 'set' },
          }),
        ),
      );
      const results = await Promise.allSettled(bodies.map((body) => handler(message(body))));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const { rows } = await pool.query(
        `SELECT sku FROM pricing.prices WHERE sku IN ('OK-1', 'BAD-1', 'OK-2') ORDER BY sku`,
      );
      expect(rows.map((r) => r.sku)).toEqual(['OK-1', 'OK-2']);
    } finally {
      await pool.query('DROP TRIGGER refuse_bad ON pricing.prices');
    }
  });
});
