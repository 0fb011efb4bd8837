// The store's one-statement writes: typed outcomes (no HTTP in the persistence layer), refusals that
// write nothing, and outbox events built by PostgreSQL exactly as buildStockChanged builds them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createPool, migrate } from '../../lib/src/db.js';
import { buildStockChanged, parseStockChanged } from '../../lib/src/events.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import * as store from '../src/store.js';

const migrations = new URL('../migrations', import.meta.url).pathname;
const at = new Date('2026-01-02T03:04:05.678Z');

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'inventory_store' });
  pool = createPool({ connectionString: db.url, max: 4 });
  await migrate(pool, { schema: 'inventory', dir: migrations });
});
afterAll(async () => {
  await pool.end();
  await db.cleanup();
});

const lastEvent = async (sku: string) => {
  const { rows } = await pool.query(
    'SELECT event_id, payload FROM inventory.outbox WHERE sku = $1 ORDER BY id DESC LIMIT 1',
    [sku],
  );
  return { eventId: rows[0].event_id as string, payload: rows[0].payload as string };
};

const snapshot = async () =>
  (
    await pool.query(
      `SELECT (SELECT count(*) FROM inventory.outbox)::int AS outbox,
              (SELECT count(*) FROM inventory.stock_changes)::int AS changes,
              (SELECT count(*) FROM inventory.reservations)::int AS reservations,
              (SELECT json_agg(s ORDER BY sku) FROM inventory.skus s) AS skus`,
    )
  ).rows[0];

describe('inventory store', () => {
  it('builds the outbox event in SQL exactly as buildStockChanged does, with and without a correlation id', async () => {
    const set = await store.setStock(pool, 'EV-1', 10, { correlationId: 'corr-1', now: at });
    expect(set).toMatchObject({ outcome: 'set', created: true, stock: { onHand: 10, seq: 1 } });
    const first = await lastEvent('EV-1');
    expect(parseStockChanged(first.payload)).toEqual(
      buildStockChanged({
        id: first.eventId,
        source: '/inventory',
        time: at,
        correlationId: 'corr-1',
        data: { sku: 'EV-1', onHand: 10, reserved: 0, available: 10, delta: 10, reason: 'set', seq: 1 },
      }),
    );
    const reserved = await store.reserve(
      pool,
      { sku: 'EV-1', quantity: 3, orderId: 'o' },
      { correlationId: undefined, now: at },
    );
    expect(reserved.outcome).toBe('reserved');
    const second = await lastEvent('EV-1');
    expect(parseStockChanged(second.payload)).toEqual(
      buildStockChanged({
        id: second.eventId,
        source: '/inventory',
        time: at,
        data: { sku: 'EV-1', onHand: 10, reserved: 3, available: 7, delta: 0, reason: 'reserved', seq: 2 },
      }),
    );
    if (reserved.outcome !== 'reserved') throw new Error('unreachable');
    const committed = await store.settleReservation(pool, reserved.reservation.id, 'committed', {
      correlationId: 'c',
      now: at,
    });
    expect(committed).toMatchObject({ outcome: 'settled', reservation: { status: 'committed' } });
    const third = parseStockChanged((await lastEvent('EV-1')).payload);
    expect(third.data).toEqual({
      sku: 'EV-1',
      onHand: 7,
      reserved: 0,
      available: 7,
      delta: -3,
      reason: 'committed',
      seq: 3,
    });
  });

  it('returns typed refusals and writes nothing for them', async () => {
    const ctx = { correlationId: 'c', now: at };
    await store.setStock(pool, 'REF-1', 5, ctx);
    await store.reserve(pool, { sku: 'REF-1', quantity: 4, orderId: 'o' }, ctx);
    const before = await snapshot();
    expect(await store.reserve(pool, { sku: 'REF-1', quantity: 2, orderId: 'o' }, ctx)).toEqual({
      outcome: 'insufficient_stock',
      available: 1,
      requested: 2,
    });
    expect(await store.reserve(pool, { sku: 'NOPE', quantity: 1, orderId: 'o' }, ctx)).toEqual({
      outcome: 'sku_not_found',
    });
    expect(await store.adjustStock(pool, 'REF-1', { delta: -2, reason: 'lost' }, ctx)).toEqual({
      outcome: 'below_reserved',
      onHand: 5,
      reserved: 4,
      delta: -2,
    });
    expect(
      await store.adjustStock(pool, 'REF-1', { delta: 999_999_999, reason: 'found' }, ctx),
    ).toMatchObject({
      outcome: 'above_maximum',
    });
    expect(await store.adjustStock(pool, 'NOPE', { delta: 1, reason: 'found' }, ctx)).toEqual({
      outcome: 'sku_not_found',
    });
    expect(await store.setStock(pool, 'REF-1', 3, ctx)).toEqual({
      outcome: 'below_reserved',
      onHand: 3,
      reserved: 4,
    });
    expect(
      await store.settleReservation(pool, '00000000-0000-4000-8000-000000000000', 'released', ctx),
    ).toEqual({
      outcome: 'reservation_not_found',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a repeated settlement as unchanged and the other transition as refused', async () => {
    const ctx = { correlationId: undefined, now: at };
    await store.setStock(pool, 'SET-1', 5, ctx);
    const r = await store.reserve(pool, { sku: 'SET-1', quantity: 2, orderId: 'o' }, ctx);
    if (r.outcome !== 'reserved') throw new Error(`reserve: ${r.outcome}`);
    const id = r.reservation.id;
    expect((await store.settleReservation(pool, id, 'released', ctx)).outcome).toBe('settled');
    const before = await snapshot();
    expect((await store.settleReservation(pool, id, 'released', ctx)).outcome).toBe('unchanged');
    expect(await store.settleReservation(pool, id, 'committed', ctx)).toEqual({
      outcome: 'reservation_settled',
      status: 'released',
    });
    expect(await snapshot()).toEqual(before);
  });
});
