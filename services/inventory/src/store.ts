import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withTransaction } from '../../lib/src/db.js';
import { STOCK_CHANGED_TYPE } from '../../lib/src/events.js';
import { MAX_QUANTITY } from './schemas.js';

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

/** The outbox the relay publishes: one FIFO group per SKU, so a SKU's events arrive in `seq` order. */
export const OUTBOX_TABLE = { schema: 'inventory', groupColumn: 'sku' } as const;

/** What every change records besides the stock row itself. */
export interface ChangeContext {
  correlationId: string | undefined;
  now: Date;
}

/**
 * Where a store function runs its statements: the pool (each write is then its own transaction: the
 * hot writes are one statement each) or a client inside the caller's transaction (a keyed write).
 */
export type Db = pg.Pool | pg.PoolClient;

/** Collects positional parameters for one statement; the text stays the same for every call. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** A change as the history and the event record it; fields are SQL expressions over the CTE `s`. */
interface ChangeSql {
  delta: string;
  reason: string;
  reservationId?: string;
  note?: string;
}

/**
 * CTEs that write the history row and the outbox event of the change in CTE `s`
 * (`sku, on_hand, reserved, seq` after the change) within the same statement, so a write is one round
 * trip and holds its row lock for no longer than that statement. The event is built by PostgreSQL from
 * the values the UPDATE produced (there is no read-then-write in code); its shape is the one
 * `buildStockChanged` makes, which `store.test.ts` checks field by field against `parseStockChanged`.
 */
function recordChangeCtes(p: Params, change: ChangeSql, ctx: ChangeContext): string {
  const now = p.add(ctx.now, '::timestamptz');
  const correlationId = p.add(ctx.correlationId ?? null, '::text');
  const eventId = p.add(randomUUID(), '::uuid');
  const time = p.add(ctx.now.toISOString(), '::text');
  return `history AS (
       INSERT INTO inventory.stock_changes
         (sku, seq, reason, delta, on_hand, reserved, reservation_id, note, correlation_id, created_at)
       SELECT s.sku, s.seq, ${change.reason}, ${change.delta}, s.on_hand, s.reserved,
              ${change.reservationId ?? 'NULL'}, ${change.note ?? 'NULL'}, ${correlationId}, ${now}
         FROM s
     ), outbox AS (
       INSERT INTO inventory.outbox (event_id, sku, seq, payload, correlation_id, created_at)
       SELECT ${eventId}, s.sku, s.seq,
              (jsonb_build_object(
                 'specversion', '1.0', 'id', ${eventId}::text, 'type', '${STOCK_CHANGED_TYPE}',
                 'source', '/inventory', 'time', ${time}, 'subject', s.sku,
                 'datacontenttype', 'application/json',
                 'data', jsonb_build_object(
                   'sku', s.sku, 'onHand', s.on_hand, 'reserved', s.reserved,
                   'available', s.on_hand - s.reserved, 'delta', ${change.delta},
                   'reason', ${change.reason}, 'seq', s.seq))
               || CASE WHEN ${correlationId} IS NULL THEN '{}'::jsonb
                       ELSE jsonb_build_object('correlationid', ${correlationId}) END)::text,
              ${correlationId}, ${now}
         FROM s
     )`;
}

/** Runs `fn` in a transaction: the caller's (a client) or a new one (the pool). */
function inTransaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return db instanceof pg.Pool ? withTransaction(db, fn) : fn(db as pg.PoolClient);
}

async function currentStock(db: Db, sku: string): Promise<StockRow | undefined> {
  const { rows } = await db.query<StockRow>(
    'SELECT sku, on_hand, reserved, seq FROM inventory.skus WHERE sku = $1',
    [sku],
  );
  return rows[0];
}

/** What {@link setStock} did. A refusal wrote nothing. */
export type SetStockOutcome =
  | { outcome: 'set'; stock: Stock; created: boolean }
  | { outcome: 'below_reserved'; onHand: number; reserved: number };

/** Sets on-hand stock, creating the SKU; refused when it would fall below what is reserved. */
export function setStock(db: Db, sku: string, onHand: number, ctx: ChangeContext): Promise<SetStockOutcome> {
  return inTransaction(db, async (client) => {
    const inserted = await client.query(
      `INSERT INTO inventory.skus (sku, on_hand, reserved, seq, created_at, updated_at)
       VALUES ($1, 0, 0, 0, $2, $2) ON CONFLICT (sku) DO NOTHING`,
      [sku, ctx.now],
    );
    // One statement reads the locked previous level and writes the new one; the WHERE refuses
    // to go below the reserved quantity under any interleaving.
    const p = new Params();
    const text = `WITH s AS (
       UPDATE inventory.skus k
          SET on_hand = ${p.add(onHand, '::int')}, seq = k.seq + 1, updated_at = ${p.add(ctx.now, '::timestamptz')}
         FROM (SELECT sku, on_hand FROM inventory.skus WHERE sku = ${p.add(sku, '::text')} FOR UPDATE) old
        WHERE k.sku = old.sku AND k.reserved <= $1
    RETURNING k.sku, k.on_hand, k.reserved, k.seq, k.on_hand - old.on_hand AS delta
     ), ${recordChangeCtes(p, { delta: 's.delta', reason: "'set'" }, ctx)}
     SELECT sku, on_hand, reserved, seq FROM s`;
    const { rows } = await client.query<StockRow>({ name: 'inventory.set', text, values: p.values });
    const row = rows[0];
    if (!row) {
      const current = (await currentStock(client, sku)) as StockRow;
      return { outcome: 'below_reserved', onHand, reserved: current.reserved };
    }
    return { outcome: 'set', stock: toStock(row), created: inserted.rowCount === 1 };
  });
}

/** What {@link adjustStock} did. A refusal wrote nothing. */
export type AdjustOutcome =
  | { outcome: 'adjusted'; stock: Stock }
  | { outcome: 'sku_not_found' }
  | { outcome: 'below_reserved'; onHand: number; reserved: number; delta: number }
  | { outcome: 'above_maximum'; onHand: number; delta: number; maximum: number };

/** Adds `delta` to on-hand stock, never below what is reserved nor above {@link MAX_QUANTITY}. */
export async function adjustStock(
  db: Db,
  sku: string,
  adjustment: { delta: number; reason: string; note?: string | undefined },
  ctx: ChangeContext,
): Promise<AdjustOutcome> {
  const p = new Params();
  const skuParam = p.add(sku, '::text');
  const delta = p.add(adjustment.delta, '::int');
  const text = `WITH s AS (
     UPDATE inventory.skus
        SET on_hand = on_hand + ${delta}, seq = seq + 1, updated_at = ${p.add(ctx.now, '::timestamptz')}
      WHERE sku = ${skuParam} AND on_hand + ${delta} >= reserved AND on_hand + ${delta} <= ${p.add(MAX_QUANTITY, '::int')}
  RETURNING sku, on_hand, reserved, seq
   ), ${recordChangeCtes(p, { delta, reason: p.add(adjustment.reason, '::text'), note: p.add(adjustment.note ?? null, '::text') }, ctx)}
   SELECT sku, on_hand, reserved, seq FROM s`;
  const { rows } = await db.query<StockRow>({ name: 'inventory.adjust', text, values: p.values });
  const row = rows[0];
  if (row) return { outcome: 'adjusted', stock: toStock(row) };
  const current = await currentStock(db, sku);
  if (!current) return { outcome: 'sku_not_found' };
  return current.on_hand + adjustment.delta > MAX_QUANTITY
    ? { outcome: 'above_maximum', onHand: current.on_hand, delta: adjustment.delta, maximum: MAX_QUANTITY }
    : {
        outcome: 'below_reserved',
        onHand: current.on_hand,
        reserved: current.reserved,
        delta: adjustment.delta,
      };
}

/** What {@link reserve} did. A refusal wrote nothing. */
export type ReserveOutcome =
  | { outcome: 'reserved'; reservation: Reservation }
  | { outcome: 'sku_not_found' }
  | { outcome: 'insufficient_stock'; available: number; requested: number };

/**
 * Reserves stock for an order in ONE statement: the conditional UPDATE is the whole oversell guard
 * (concurrent reservations serialise on the row lock and each re-checks availability against the latest
 * committed values), and the reservation, history and outbox rows are written by the same statement.
 */
export async function reserve(
  db: Db,
  input: { sku: string; quantity: number; orderId: string },
  ctx: ChangeContext,
): Promise<ReserveOutcome> {
  const p = new Params();
  const quantity = p.add(input.quantity, '::int');
  const now = p.add(ctx.now, '::timestamptz');
  const id = p.add(randomUUID(), '::uuid');
  const text = `WITH s AS (
     UPDATE inventory.skus
        SET reserved = reserved + ${quantity}, seq = seq + 1, updated_at = ${now}
      WHERE sku = ${p.add(input.sku, '::text')} AND on_hand - reserved >= ${quantity}
  RETURNING sku, on_hand, reserved, seq
   ), r AS (
     INSERT INTO inventory.reservations (id, sku, order_id, quantity, status, created_at, updated_at)
     SELECT ${id}, s.sku, ${p.add(input.orderId, '::text')}, ${quantity}, 'held', ${now}, ${now} FROM s
     RETURNING *
   ), ${recordChangeCtes(p, { delta: '0', reason: "'reserved'", reservationId: id }, ctx)}
   SELECT * FROM r`;
  const { rows } = await db.query<ReservationRow>({ name: 'inventory.reserve', text, values: p.values });
  const row = rows[0];
  if (row) return { outcome: 'reserved', reservation: toReservation(row) };
  const current = await currentStock(db, input.sku);
  if (!current) return { outcome: 'sku_not_found' };
  return {
    outcome: 'insufficient_stock',
    available: current.on_hand - current.reserved,
    requested: input.quantity,
  };
}

/** What {@link settleReservation} did. `unchanged`: the same transition was already made (a retry). */
export type SettleOutcome =
  | { outcome: 'settled' | 'unchanged'; reservation: Reservation }
  | { outcome: 'reservation_not_found' }
  | { outcome: 'reservation_settled'; status: Reservation['status'] };

/**
 * Moves a held reservation to `released` (stock back to available) or `committed` (stock leaves on hand),
 * in one statement. Repeating the same transition returns the reservation unchanged; the other one is refused.
 */
export async function settleReservation(
  db: Db,
  id: string,
  to: 'released' | 'committed',
  ctx: ChangeContext,
): Promise<SettleOutcome> {
  const p = new Params();
  const idParam = p.add(id, '::uuid');
  const status = p.add(to, '::text');
  const now = p.add(ctx.now, '::timestamptz');
  const text = `WITH r AS (
     UPDATE inventory.reservations SET status = ${status}, updated_at = ${now}
      WHERE id = ${idParam} AND status = 'held' RETURNING *
   ), s AS (
     UPDATE inventory.skus k
        SET reserved = k.reserved - r.quantity,
            on_hand = k.on_hand - CASE WHEN ${status} = 'committed' THEN r.quantity ELSE 0 END,
            seq = k.seq + 1, updated_at = ${now}
       FROM r WHERE k.sku = r.sku
  RETURNING k.sku, k.on_hand, k.reserved, k.seq,
            CASE WHEN ${status} = 'committed' THEN -r.quantity ELSE 0 END AS delta
   ), ${recordChangeCtes(p, { delta: 's.delta', reason: status, reservationId: idParam }, ctx)}
   SELECT * FROM r`;
  const { rows } = await db.query<ReservationRow>({ name: 'inventory.settle', text, values: p.values });
  const row = rows[0];
  if (row) return { outcome: 'settled', reservation: toReservation(row) };
  // A fresh statement: it sees a concurrent settlement that committed while this one waited.
  const existing = await db.query<ReservationRow>('SELECT * FROM inventory.reservations WHERE id = $1', [id]);
  const current = existing.rows[0];
  if (!current) return { outcome: 'reservation_not_found' };
  if (current.status === to) return { outcome: 'unchanged', reservation: toReservation(current) };
  return { outcome: 'reservation_settled', status: current.status };
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
