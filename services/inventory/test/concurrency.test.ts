import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requirePostgres } from '../../lib/test-support/database.js';
import { call, type Harness, startHarness } from './harness.js';

// Races need real concurrent transactions: on PGlite (one at a time) these could not fail.
const real = await requirePostgres('inventory concurrency tests');

(real ? describe : describe.skip)('reservations under concurrency', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ poolSize: 20 });
    expect(h.db.kind).toBe('postgres');
  });
  afterAll(() => h.stop());

  it('200 parallel reservations of 1 against stock 50: exactly 50 succeed, the rest get 409', async () => {
    expect((await call(h.url, 'PUT', '/v1/skus/HOT-1/stock', { onHand: 50 })).status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(h.url, 'POST', '/v1/reservations', { sku: 'HOT-1', quantity: 1, orderId: `order-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('insufficient_stock');

    const stock = await call(h.url, 'GET', '/v1/skus/HOT-1');
    expect(stock.body).toEqual({ sku: 'HOT-1', onHand: 50, reserved: 50, available: 0, seq: 51 });
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n, sum(quantity)::int AS q FROM inventory.reservations WHERE sku = 'HOT-1'`,
    );
    expect(rows[0]).toEqual({ n: 50, q: 50 });
    // Every successful reservation wrote one event; seqs are gapless.
    const events = await h.pool.query(`SELECT seq FROM inventory.outbox WHERE sku = 'HOT-1' ORDER BY seq`);
    expect(events.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('mixed concurrent adjustments, reservations, releases and commits never break the invariants', async () => {
    await call(h.url, 'PUT', '/v1/skus/MIX-1/stock', { onHand: 20 });
    const first = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(h.url, 'POST', '/v1/reservations', { sku: 'MIX-1', quantity: 2, orderId: `o${i}` }),
      ),
    );
    const held = first.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(held).toHaveLength(10);
    const second = await Promise.all([
      ...held.map((id, i) => call(h.url, 'POST', `/v1/reservations/${id}/${i % 2 ? 'release' : 'commit'}`)),
      ...Array.from({ length: 20 }, () =>
        call(h.url, 'POST', '/v1/skus/MIX-1/adjustments', { delta: -3, reason: 'damaged' }),
      ),
    ]);
    expect(second.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const { rows } = await h.pool.query(`SELECT on_hand, reserved FROM inventory.skus WHERE sku = 'MIX-1'`);
    const { on_hand: onHand, reserved } = rows[0];
    expect(reserved).toBeGreaterThanOrEqual(0);
    expect(onHand).toBeGreaterThanOrEqual(reserved);
    // History replays to the final state.
    const changes = await h.pool.query(
      `SELECT sum(delta)::int AS d FROM inventory.stock_changes WHERE sku = 'MIX-1' AND reason <> 'set'`,
    );
    expect(20 + changes.rows[0].d).toBe(onHand);
  });
});
