import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { buildStockChanged } from '../../lib/src/events.js';
import { bearer } from '../../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';
import type { RunningPricing } from '../src/service.js';
import { startTestPricing, testIssuer } from './harness.js';

let db: TestDatabase;
let queue: TestQueue;
let pricing: RunningPricing;
let writer: Record<string, string>;

const event = (sku: string, seq: number, available: number, reserved = 0) =>
  buildStockChanged({
    source: '/inventory',
    data: { sku, seq, onHand: available + reserved, reserved, available, delta: 0, reason: 'set' },
  });

beforeAll(async () => {
  [db, queue] = await Promise.all([
    createTestDatabase({ prefix: 'pricing_api' }),
    startFauxqs({ name: `api${Date.now()}` }),
  ]);
  pricing = await startTestPricing(db, queue, { consume: false });
  writer = bearer(await testIssuer.sign({ scopes: ['pricing:write'] }));
});
afterAll(async () => {
  await pricing?.stop();
  await queue?.stop();
  await db?.cleanup();
});

describe('pricing API', () => {
  const valid = { basePrice: 2000, lowStockThreshold: 5, overstockThreshold: 50, floor: 1000, ceiling: 2600 };

  it.each([
    ['floor above ceiling', { ...valid, floor: 3000 }, 'floor'],
    ['thresholds not ordered', { ...valid, lowStockThreshold: 60 }, 'lowStockThreshold'],
    ['equal thresholds', { ...valid, lowStockThreshold: 50 }, 'lowStockThreshold'],
    ['fractional cents', { ...valid, ceiling: 2600.5 }, 'ceiling'],
    ['negative threshold', { ...valid, lowStockThreshold: -1 }, 'lowStockThreshold'],
    ['missing basePrice', { ...valid, basePrice: undefined }, 'basePrice'],
    ['unknown field', { ...valid, discount: 5 }, 'discount'],
  ])('PUT policy rejects %s with 400 naming the field, and stores nothing', async (_name, body, field) => {
    const res = await request(pricing.url).put('/v1/prices/VALID-1/policy').set(writer).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
    const policy = await request(pricing.url).get('/v1/prices/VALID-1/policy');
    expect(policy.body.isDefault).toBe(true);
  });

  it('needs pricing:write to change a policy (401 without a token, 403 with another scope); reads are open', async () => {
    const anonymous = await request(pricing.url).put('/v1/prices/AUTH-1/policy').send(valid);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="pricing"');
    const inventoryWriter = bearer(await testIssuer.sign({ scopes: ['inventory:write', 'pricing:read'] }));
    const wrongScope = await request(pricing.url)
      .put('/v1/prices/AUTH-1/policy')
      .set(inventoryWriter)
      .send(valid);
    expect([wrongScope.status, wrongScope.body.error.code]).toEqual([403, 'forbidden']);
    const policy = await request(pricing.url).get('/v1/prices/AUTH-1/policy');
    expect([policy.status, policy.body.isDefault]).toEqual([200, true]);
  });

  it('rejects a malformed SKU in the path', async () => {
    const res = await request(pricing.url).get('/v1/prices/not%20a%20sku');
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('sku');
  });

  it('answers 404 for a SKU with no stock event yet', async () => {
    const res = await request(pricing.url).get('/v1/prices/NOPE-1');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('prices from events idempotently, ignores duplicates and stale events, reprices on policy change', async () => {
    const sku = 'WIDGET-1';
    expect((await pricing.store.applyStockChanged(event(sku, 1, 20))).outcome).toBe('applied');
    expect((await pricing.store.applyStockChanged(event(sku, 2, 3))).outcome).toBe('applied');
    expect((await pricing.store.applyStockChanged(event(sku, 2, 3))).outcome).toBe('duplicate');
    expect((await pricing.store.applyStockChanged(event(sku, 1, 20))).outcome).toBe('stale');

    // Default policy: 10.00 base, low 10 → 3 available is +35 %.
    let res = await request(pricing.url).get(`/v1/prices/${sku}`);
    expect(res.body).toMatchObject({
      sku,
      price: 1350,
      basePrice: 1000,
      multiplier: 1.35,
      seq: 2,
      currency: 'USD',
    });

    res = await request(pricing.url).put(`/v1/prices/${sku}/policy`).set(writer).send(valid);
    expect(res.status).toBe(200);
    // 20.00 × (1 + 0.5 × 2/5) = 24.00, inside 10.00–26.00.
    expect(res.body.price).toMatchObject({ price: 2400, basePrice: 2000, seq: 2 });

    expect((await pricing.store.applyStockChanged(event(sku, 4, 0, 2))).outcome).toBe('applied'); // a gap is fine
    res = await request(pricing.url).get(`/v1/prices/${sku}`);
    expect(res.body).toMatchObject({ price: 2600, seq: 4, available: 0 }); // 30.00 clamped to the 26.00 ceiling

    res = await request(pricing.url).get(`/v1/prices/${sku}/history`);
    expect(
      res.body.items.map((h: { seq: number; cause: string; price: number }) => [h.seq, h.cause, h.price]),
    ).toEqual([
      [4, 'stock', 2600],
      [2, 'policy', 2400],
      [2, 'stock', 1350],
      [1, 'stock', 1000],
    ]);
  });

  it('pages history newest first with a cursor', async () => {
    const sku = 'PAGED-1';
    for (let seq = 1; seq <= 5; seq += 1) await pricing.store.applyStockChanged(event(sku, seq, seq * 10));
    const first = await request(pricing.url).get(`/v1/prices/${sku}/history?limit=2`);
    expect(first.body.items.map((h: { seq: number }) => h.seq)).toEqual([5, 4]);
    const second = await request(pricing.url).get(
      `/v1/prices/${sku}/history?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((h: { seq: number }) => h.seq)).toEqual([3, 2]);
    const bad = await request(pricing.url).get(`/v1/prices/${sku}/history?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('limit');
    // The same page limit and cursor codec as inventory's lists.
    const tooMany = await request(pricing.url).get(`/v1/prices/${sku}/history?limit=201`);
    expect([tooMany.status, tooMany.body.error.field]).toEqual([400, 'limit']);
    const forged = await request(pricing.url).get(`/v1/prices/${sku}/history?cursor=12`);
    expect([forged.status, forged.body.error.field]).toEqual([400, 'cursor']);
  });

  it('is ready with database and queue, and exposes the pricing metrics', async () => {
    const ready = await request(pricing.url).get('/ready');
    expect(ready.status).toBe(200);
    const metrics = await request(pricing.url).get('/metrics');
    expect(metrics.text).toContain('pricing_events_consumed_total');
    expect(metrics.text).toMatch(/pricing_queue_backlog_messages\{state="visible",service="pricing"\} 0/);
    expect(metrics.text).toMatch(/pricing_dlq_messages\{service="pricing"\} 0/);
  });
});
