import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { buildStockChanged } from '../../lib/src/events.js';
import { HttpError } from '../../lib/src/http.js';
import { MAX_QUANTITY } from './schemas.js';

/** Channel the write transaction notifies on commit; the relay LISTENs to it. */
export const OUTBOX_CHANNEL = 'inventory_outbox';

/** A SKU's stock as the API shows it. */
export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  seq: number;
}

/** A reservation as the API shows it. */
export interface Reservation {
  id: string;
  sku: string;
  orderId: string;
  quantity: number;
  status: 'held' | 'released' | 'committed';
  createdAt: string;
  updatedAt: string;
}

interface StockRow {
  sku: string;
  on_hand: number;
  reserved: number;
  seq: string;
}

interface ReservationRow {
  id: string;
  sku: string;
  order_id: string;
  quantity: number;
  status: Reservation['status'];
  created_at: Date;
  updated_at: Date;
}

const toStock = (r: StockRow): Stock => ({
  sku: r.sku,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: r.on_hand - r.reserved,
  seq: Number(r.seq),
});

const toReservation = (r: ReservationRow): Reservation => ({
  id: r.id,
  sku: r.sku,
  orderId: r.order_id,
  quantity: r.quantity,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** What every change records besides the stock row itself. */
export interface ChangeContext {
  correlationId: string | undefined;
  now: Date;
}

/**
 * Writes the history row and the outbox event of a change that already bumped `seq`, in the caller's
 * transaction, and notifies the relay (delivered at COMMIT, dropped on ROLLBACK).
 */
async function recordChange(
  client: pg.PoolClient,
  row: StockRow,
  change: { delta: number; reason: string; reservationId?: string; note?: string | undefined },
  ctx: ChangeContext,
): Promise<void> {
  const stock = toStock(row);
  const event = buildStockChanged({
    source: '/inventory',
    time: ctx.now,
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
    data: { ...stock, delta: change.delta, reason: change.reason },
  });
  // One round trip: history row, outbox row and the relay's wake-up.
  await client.query(
    `WITH history AS (
       INSERT INTO inventory.stock_changes
         (sku, seq, reason, delta, on_hand, reserved, reservation_id, note, correlation_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ), outbox AS (
       INSERT INTO inventory.outbox (event_id, sku, seq, payload, correlation_id, created_at)
       VALUES ($11, $1, $2, $12, $9, $10)
     )
     SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    [
      stock.sku,
      stock.seq,
      change.reason,
      change.delta,
      stock.onHand,
      stock.reserved,
      change.reservationId ?? null,
      change.note ?? null,
      ctx.correlationId ?? null,
      ctx.now,
      event.id,
      JSON.stringify(event),
    ],
  );
}

async function requireSku(client: pg.PoolClient, sku: string): Promise<StockRow> {
  const { rows } = await client.query<StockRow>(
    'SELECT sku, on_hand, reserved, seq FROM inventory.skus WHERE sku = $1',
    [sku],
  );
  if (!rows[0]) throw new HttpError(404, 'sku_not_found', `SKU ${sku} does not exist`, 'sku');
  return rows[0];
}

/** Sets on-hand stock, creating the SKU. 409 when it would fall below what is reserved. */
export async function setStock(
  client: pg.PoolClient,
  sku: string,
  onHand: number,
  ctx: ChangeContext,
): Promise<{ stock: Stock; created: boolean }> {
  const inserted = await client.query(
    `INSERT INTO inventory.skus (sku, on_hand, reserved, seq, created_at, updated_at)
     VALUES ($1, 0, 0, 0, $2, $2) ON CONFLICT (sku) DO NOTHING`,
    [sku, ctx.now],
  );
  // One statement reads the locked previous level and writes the new one; the WHERE refuses
  // to go below the reserved quantity under any interleaving.
  const { rows } = await client.query<StockRow & { previous: number }>(
    `UPDATE inventory.skus s
        SET on_hand = $2, seq = s.seq + 1, updated_at = $3
       FROM (SELECT sku, on_hand FROM inventory.skus WHERE sku = $1 FOR UPDATE) old
      WHERE s.sku = old.sku AND s.reserved <= $2
  RETURNING s.sku, s.on_hand, s.reserved, s.seq, old.on_hand AS previous`,
    [sku, onHand, ctx.now],
  );
  const row = rows[0];
  if (!row) {
    const current = await requireSku(client, sku);
    throw new HttpError(
      409,
      'below_reserved',
      `On hand cannot be set to ${onHand}: ${current.reserved} are reserved`,
      'onHand',
    );
  }
  await recordChange(client, row, { delta: row.on_hand - row.previous, reason: 'set' }, ctx);
  return { stock: toStock(row), created: inserted.rowCount === 1 };
}

/** Adds `delta` to on-hand stock. 404 for an unknown SKU, 409 when it would drop below reserved. */
export async function adjustStock(
  client: pg.PoolClient,
  sku: string,
  adjustment: { delta: number; reason: string; note?: string | undefined },
  ctx: ChangeContext,
): Promise<Stock> {
  const { rows } = await client.query<StockRow>(
    `UPDATE inventory.skus
        SET on_hand = on_hand + $2, seq = seq + 1, updated_at = $3
      WHERE sku = $1 AND on_hand + $2 >= reserved AND on_hand + $2 <= $4
  RETURNING sku, on_hand, reserved, seq`,
    [sku, adjustment.delta, ctx.now, MAX_QUANTITY],
  );
  const row = rows[0];
  if (!row) {
    const current = await requireSku(client, sku);
    const code = current.on_hand + adjustment.delta > MAX_QUANTITY ? 'above_maximum' : 'below_reserved';
    throw new HttpError(
      409,
      code,
      code === 'above_maximum'
        ? `On hand would exceed ${MAX_QUANTITY}`
        : `On hand would drop to ${current.on_hand + adjustment.delta}, below the ${current.reserved} reserved`,
      'delta',
    );
  }
  await recordChange(client, row, adjustment, ctx);
  return toStock(row);
}

/** Reserves stock for an order. 404 for an unknown SKU, 409 when not enough is available. */
export async function reserve(
  client: pg.PoolClient,
  input: { sku: string; quantity: number; orderId: string },
  ctx: ChangeContext,
): Promise<Reservation> {
  // The whole oversell guard: one conditional UPDATE; concurrent reservations serialise on the row
  // lock and each re-checks availability against the latest committed values.
  const { rows } = await client.query<StockRow>(
    `UPDATE inventory.skus
        SET reserved = reserved + $2, seq = seq + 1, updated_at = $3
      WHERE sku = $1 AND on_hand - reserved >= $2
  RETURNING sku, on_hand, reserved, seq`,
    [input.sku, input.quantity, ctx.now],
  );
  const row = rows[0];
  if (!row) {
    const current = await requireSku(client, input.sku);
    throw new HttpError(
      409,
      'insufficient_stock',
      `Only ${current.on_hand - current.reserved} of ${input.sku} available, ${input.quantity} requested`,
      'quantity',
    );
  }
  const id = randomUUID();
  const created = await client.query<ReservationRow>(
    `INSERT INTO inventory.reservations (id, sku, order_id, quantity, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'held', $5, $5) RETURNING *`,
    [id, input.sku, input.orderId, input.quantity, ctx.now],
  );
  await recordChange(client, row, { delta: 0, reason: 'reserved', reservationId: id }, ctx);
  return toReservation(created.rows[0] as ReservationRow);
}

/**
 * Moves a held reservation to `released` (stock back to available) or `committed` (stock leaves on hand).
 * Repeating the same transition returns the reservation unchanged; the other transition is a 409.
 */
export async function settleReservation(
  client: pg.PoolClient,
  id: string,
  to: 'released' | 'committed',
  ctx: ChangeContext,
): Promise<Reservation> {
  const { rows } = await client.query<ReservationRow>(
    `UPDATE inventory.reservations SET status = $2, updated_at = $3
      WHERE id = $1 AND status = 'held' RETURNING *`,
    [id, to, ctx.now],
  );
  const reservation = rows[0];
  if (!reservation) {
    const existing = await client.query<ReservationRow>(
      'SELECT * FROM inventory.reservations WHERE id = $1',
      [id],
    );
    const current = existing.rows[0];
    if (!current) throw new HttpError(404, 'reservation_not_found', `Reservation ${id} does not exist`, 'id');
    if (current.status === to) return toReservation(current);
    throw new HttpError(409, 'reservation_settled', `Reservation ${id} is already ${current.status}`, 'id');
  }
  const onHandDelta = to === 'committed' ? -reservation.quantity : 0;
  const stock = await client.query<StockRow>(
    `UPDATE inventory.skus
        SET reserved = reserved - $2, on_hand = on_hand + $3, seq = seq + 1, updated_at = $4
      WHERE sku = $1 RETURNING sku, on_hand, reserved, seq`,
    [reservation.sku, reservation.quantity, onHandDelta, ctx.now],
  );
  await recordChange(
    client,
    stock.rows[0] as StockRow,
    { delta: onHandDelta, reason: to, reservationId: id },
    ctx,
  );
  return toReservation(reservation);
}

export async function getStock(pool: pg.Pool, sku: string): Promise<Stock | undefined> {
  const { rows } = await pool.query<StockRow>(
    'SELECT sku, on_hand, reserved, seq FROM inventory.skus WHERE sku = $1',
    [sku],
  );
  return rows[0] && toStock(rows[0]);
}

export async function listStock(pool: pg.Pool, after: string | undefined, limit: number): Promise<Stock[]> {
  const { rows } = await pool.query<StockRow>(
    `SELECT sku, on_hand, reserved, seq FROM inventory.skus
      WHERE $1::text IS NULL OR sku > $1 ORDER BY sku LIMIT $2`,
    [after ?? null, limit],
  );
  return rows.map(toStock);
}

/** One entry of a SKU's history. */
export interface HistoryEntry {
  seq: number;
  reason: string;
  delta: number;
  onHand: number;
  reserved: number;
  available: number;
  reservationId: string | null;
  note: string | null;
  correlationId: string | null;
  at: string;
}

export async function history(
  pool: pg.Pool,
  sku: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<HistoryEntry[]> {
  const { rows } = await pool.query(
    `SELECT seq, reason, delta, on_hand, reserved, reservation_id, note, correlation_id, created_at
       FROM inventory.stock_changes
      WHERE sku = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [sku, beforeSeq ?? null, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    reason: r.reason,
    delta: r.delta,
    onHand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
    reservationId: r.reservation_id,
    note: r.note,
    correlationId: r.correlation_id,
    at: (r.created_at as Date).toISOString(),
  }));
}
