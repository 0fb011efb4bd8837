// Pricing against a real queue (fauxqs) and the real database: poison messages end in the DLQ
// through the redrive policy without holding up other SKUs, and duplicated or reordered events
// leave exactly the prices of the newest state.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildStockChanged, type StockChangedEvent } from '../lib/src/events.js';
import { createTestDatabase, type TestDatabase } from '../lib/test-support/database.js';
import { queueDepth, sendInBatches, startFauxqs, type TestQueue } from '../lib/test-support/fauxqs.js';
import { until } from '../lib/test-support/processes.js';
import { quote } from '../pricing/src/formula.js';
import { DEFAULT_POLICY } from '../pricing/src/policy.js';
import type { RunningPricing } from '../pricing/src/service.js';
import { startTestPricing } from '../pricing/test/harness.js';

let db: TestDatabase;
let queue: TestQueue;
let pricing: RunningPricing;

/** A deterministic shuffle (no flaky orders between runs). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeAll(async () => {
  [db, queue] = await Promise.all([
    createTestDatabase({ prefix: 'svc_poison' }),
    startFauxqs({ name: `poison${Date.now()}`, maxReceiveCount: 2, visibilityTimeoutSeconds: 1 }),
  ]);
  pricing = await startTestPricing(db, queue, {
    env: { CONSUMER_WAIT_SECONDS: '1', CONSUMER_VISIBILITY_TIMEOUT: '1' },
  });
});
afterAll(async () => {
  await pricing?.stop();
  await queue?.stop();
  await db?.cleanup();
});

describe('pricing consumer with a real queue', () => {
  it('moves poison messages to the DLQ while other SKUs flow; duplicates and reordering do not change prices', async () => {
    const skus = ['DUP-A', 'DUP-B', 'DUP-C', 'DUP-D'];
    const streams = new Map<string, StockChangedEvent[]>();
    for (const [n, sku] of skus.entries()) {
      let available = 5 + n * 40;
      streams.set(
        sku,
        Array.from({ length: 8 }, (_, i) => {
          available = Math.max(0, available + (i % 3 === 0 ? 25 : -9));
          return buildStockChanged({
            source: '/inventory',
            data: {
              sku,
              seq: i + 1,
              onHand: available,
              reserved: 0,
              available,
              delta: 0,
              reason: 'adjustment',
            },
          });
        }),
      );
    }
    const valid = skus.flatMap((sku) => streams.get(sku) as StockChangedEvent[]);
    const poison = [
      'not json at all',
      JSON.stringify({ specversion: '1.0', type: 'something.else.v1' }),
      // Valid JSON and CloudEvent shape, but data breaks the contract (available ≠ onHand − reserved).
      JSON.stringify({
        ...(valid[0] as StockChangedEvent),
        id: 'bad-data',
        data: { ...(valid[0] as StockChangedEvent).data, available: 999 },
      }),
    ];

    // Poison first, each in its own group; then every event in order (group = SKU); then every event
    // again, shuffled, each as its own group so the copies race the originals.
    await sendInBatches(
      queue.sqs,
      queue.queueUrl,
      poison.map((body, i) => ({ body, group: `POISON-${i}`, dedup: `poison-${i}` })),
    );
    await sendInBatches(
      queue.sqs,
      queue.queueUrl,
      valid.map((e) => ({ body: JSON.stringify(e), group: e.data.sku, dedup: e.id })),
    );
    await sendInBatches(
      queue.sqs,
      queue.queueUrl,
      shuffled(valid, 7).map((e, i) => ({
        body: JSON.stringify(e),
        group: `copy-${i}`,
        dedup: `copy-${e.id}`,
      })),
    );

    // Every valid SKU reaches its newest state while the poison is still being retried.
    await until(async () => {
      const prices = await Promise.all(skus.map((sku) => pricing.store.getPrice(sku)));
      return prices.every((p) => p?.seq === 8);
    }, 20_000);
    // maxReceiveCount 2 with a 1 s visibility: the poison is in the DLQ after its third receive.
    await until(async () => (await queueDepth(queue.sqs, queue.dlqUrl)) === poison.length, 20_000);
    await until(async () => (await queueDepth(queue.sqs, queue.queueUrl)) === 0, 10_000);

    for (const sku of skus) {
      const last = (streams.get(sku) as StockChangedEvent[]).at(-1) as StockChangedEvent;
      const price = await pricing.store.getPrice(sku);
      expect(price).toMatchObject({ seq: 8, available: last.data.available });
      expect(price?.price).toBe(quote(last.data.available, DEFAULT_POLICY).priceCents);
      // Applied history never goes back in seq, and no seq is applied twice.
      const { items } = await pricing.store.history(sku, 100);
      const seqs = items.map((h) => h.seq).reverse();
      for (let i = 1; i < seqs.length; i += 1) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number);
    }

    const metrics = await (await fetch(`${pricing.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(metrics.match(pattern)?.[1] ?? Number.NaN);
    expect(
      value(/pricing_events_failed_total\{reason="invalid",service="pricing"\} (\d+)/),
    ).toBeGreaterThanOrEqual(poison.length * 2);
    const applied = value(/pricing_events_consumed_total\{service="pricing"\} (\d+)/);
    const ignored =
      value(/pricing_events_ignored_total\{reason="duplicate",service="pricing"\} (\d+)/) +
      (value(/pricing_events_ignored_total\{reason="stale",service="pricing"\} (\d+)/) || 0);
    // The DLQ gauge is refreshed on scrape.
    expect(value(/pricing_dlq_messages\{service="pricing"\} (\d+)/)).toBe(poison.length);
    // Every valid copy was acknowledged: applied or ignored, nothing lost, nothing doubled.
    expect(applied + ignored).toBe(valid.length * 2);
    expect(applied).toBeLessThanOrEqual(valid.length);
  }, 45_000);
});
