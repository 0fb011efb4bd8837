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
});
