import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, type Harness, startHarness } from './harness.js';

describe('reads: paging and history', () => {
  let h: Harness;
  const skus = Array.from({ length: 23 }, (_, i) => `PG-${String(i).padStart(3, '0')}`);
  beforeAll(async () => {
    h = await startHarness();
    for (const sku of [...skus].reverse()) await call(h.url, 'PUT', `/v1/skus/${sku}/stock`, { onHand: 5 });
  });
  afterAll(() => h.stop());

  it('GET /v1/skus/:sku returns the stock, 404 for an unknown SKU', async () => {
    const res = await call(h.url, 'GET', '/v1/skus/PG-007');
    expect(res.body).toEqual({ sku: 'PG-007', onHand: 5, reserved: 0, available: 5, seq: 1 });
    const missing = await call(h.url, 'GET', '/v1/skus/PG-999');
    expect([missing.status, missing.body.error.code, missing.body.error.field]).toEqual([
      404,
      'not_found',
      'sku',
    ]);
  });

  it('pages through every SKU once, in order, with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=5&cursor=${cursor}` : '?limit=5';
      const page = await call(h.url, 'GET', `/v1/skus${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: { sku: string }) => s.sku));
      cursor = page.body.nextCursor;
      pages++;
      // A SKU created between pages sorts after the cursor and still shows up exactly once.
      if (pages === 2) await call(h.url, 'PUT', '/v1/skus/PG-999/stock', { onHand: 1 });
    } while (cursor);
    expect(seen).toEqual([...skus, 'PG-999']);
    expect(pages).toBe(5);
  });

  it('lists history newest first, paged, with each change recorded', async () => {
    const sku = 'PG-001';
    await call(h.url, 'POST', `/v1/skus/${sku}/adjustments`, { delta: 10, reason: 'received', note: 'PO 7' });
    const r = await call(h.url, 'POST', '/v1/reservations', { sku, quantity: 4, orderId: 'o-1' });
    await call(h.url, 'POST', `/v1/reservations/${r.body.id}/commit`);
    await call(h.url, 'PUT', `/v1/skus/${sku}/stock`, { onHand: 20 }, { 'x-correlation-id': 'set-20' });

    const first = await call(h.url, 'GET', `/v1/skus/${sku}/history?limit=3`);
    expect(first.body.items.map((e: { seq: number; reason: string }) => [e.seq, e.reason])).toEqual([
      [5, 'set'],
      [4, 'committed'],
      [3, 'reserved'],
    ]);
    expect(first.body.items[0]).toMatchObject({
      delta: 9,
      onHand: 20,
      reserved: 0,
      available: 20,
      correlationId: 'set-20',
    });
    expect(first.body.items[1]).toMatchObject({
      delta: -4,
      onHand: 11,
      reserved: 0,
      reservationId: r.body.id,
    });
    expect(first.body.items[2]).toMatchObject({ delta: 0, onHand: 15, reserved: 4, available: 11 });
    const rest = await call(h.url, 'GET', `/v1/skus/${sku}/history?limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(rest.body.items[0]).toMatchObject({ reason: 'received', delta: 10, note: 'PO 7' });
    expect(rest.body.nextCursor).toBeNull();
    const missing = await call(h.url, 'GET', '/v1/skus/NOPE/history');
    expect(missing.status).toBe(404);
  });

  it('serves health, readiness and metrics', async () => {
    expect((await call(h.url, 'GET', '/health')).status).toBe(200);
    const ready = await call(h.url, 'GET', '/ready');
    expect(ready.body).toEqual({ status: 'ready', checks: { database: { ok: true }, queue: { ok: true } } });
    const metrics = await fetch(`${h.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/skus\/:sku"/);
  });
});
