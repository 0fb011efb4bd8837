// The orders, their lines and their outbox, in orders' own schema (migrations/001_init.sql). Every change
// of an order's status is one conditional UPDATE (`WHERE status = ANY(from)`) that writes its event to the
// outbox in the same statement: a transition happens once or not at all, and never without its event.
import type pg from 'pg';
import { type OrderEventData, type OrderEventKind, orderEvent } from './events.js';
import type { PaymentMethod } from './payments.js';

export const ORDER_STATUSES = [
  'pending',
  'reserved',
  'paid',
  'confirmed',
  'cancelling',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CANCEL_REASONS = [
  'insufficient_stock',
  'sku_not_found',
  'payment_declined',
  'payment_timeout',
  'customer_cancelled',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export type LineState = 'pending' | 'held' | 'refused' | 'committed' | 'released';

/** The outbox the relay publishes: one FIFO group per order. */
export const OUTBOX_TABLE = { schema: 'orders', groupColumn: 'order_id' } as const;

export interface OrderLine {
  line: number;
  sku: string;
  quantity: number;
  /** Cents, as pricing quoted it when the order was placed. */
  unitPrice: number;
  state: LineState;
  reservationId: string | null;
}

/** An order as the API shows it (to its customer) and as the saga works on it. */
export interface Order {
  id: string;
  customer: string;
  status: OrderStatus;
  reason: CancelReason | null;
  paymentMethod: PaymentMethod;
  /** Cents. */
  total: number;
  lines: OrderLine[];
  /** Payment must arrive before this, or the order is cancelled and its stock released. */
  deadline: string;
  createdAt: string;
  updatedAt: string;
}

interface OrderRow {
  id: string;
  customer: string;
  status: OrderStatus;
  reason: CancelReason | null;
  payment_method: PaymentMethod;
  total_cents: string;
  deadline: Date;
  created_at: Date;
  updated_at: Date;
  request_hash: string | null;
  lines: Array<{
    line: number;
    sku: string;
    quantity: number;
    unit_price_cents: number;
    state: LineState;
    reservation_id: string | null;
  }>;
}

/** The orders of `source` (a table, or a CTE of orders' rows) with their lines, as {@link OrderRow}s. */
const selectOrders = (
  source: string,
) => `SELECT o.id, o.customer, o.status, o.reason, o.payment_method, o.total_cents, o.deadline,
       o.created_at, o.updated_at, o.request_hash,
       (SELECT json_agg(json_build_object('line', l.line, 'sku', l.sku, 'quantity', l.quantity,
                 'unit_price_cents', l.unit_price_cents, 'state', l.state, 'reservation_id', l.reservation_id)
                 ORDER BY l.line)
          FROM orders.order_lines l WHERE l.order_id = o.id) AS lines
  FROM ${source} o`;
const SELECT_ORDER = selectOrders('orders.orders');

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  customer: row.customer,
  status: row.status,
  reason: row.reason,
  paymentMethod: row.payment_method,
  total: Number(row.total_cents),
  lines: (row.lines ?? []).map((l) => ({
    line: l.line,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: Number(l.unit_price_cents),
    state: l.state,
    reservationId: l.reservation_id,
  })),
  deadline: row.deadline.toISOString(),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The data of an order's events. */
export const eventData = (order: Order, status: OrderStatus, reason?: CancelReason): OrderEventData => ({
  orderId: order.id,
  customer: order.customer,
  status,
  totalCents: order.total,
  lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceCents: l.unitPrice })),
  ...(reason ? { reason } : {}),
});

/** A new order, validated and priced. */
export interface NewOrder {
  id: string;
  customer: string;
  paymentMethod: PaymentMethod;
  lines: Array<{ sku: string; quantity: number; unitPrice: number }>;
  deadline: Date;
  /** The saga step placing it holds it until then (the worker leaves it alone). */
  leaseUntil: Date;
  request: { key: string; hash: string } | undefined;
  now: Date;
  correlationId: string | undefined;
}

/** What {@link OrderStore.create} did: created it, or found the order the same Idempotency-Key made. */
export type CreateOutcome =
  | { outcome: 'created'; order: Order }
  | { outcome: 'replayed'; order: Order }
  | { outcome: 'key_reused' };

export class OrderStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Inserts the order, its lines and its `order.placed` event, all or nothing. */
  async create(order: NewOrder): Promise<CreateOutcome> {
    const total = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    const placed: Order = {
      id: order.id,
      customer: order.customer,
      status: 'pending',
      reason: null,
      paymentMethod: order.paymentMethod,
      total,
      lines: order.lines.map((l, i) => ({ ...l, line: i + 1, state: 'pending', reservationId: null })),
      deadline: order.deadline.toISOString(),
      createdAt: order.now.toISOString(),
      updatedAt: order.now.toISOString(),
    };
    const event = orderEvent('placed', eventData(placed, 'pending'), order);
    // One statement (one round trip, atomic): the order, its lines and its event, or nothing when the
    // customer's key was used before.
    const { rowCount } = await this.pool.query(
      `WITH placed AS (
         INSERT INTO orders.orders (id, customer, status, payment_method, total_cents, deadline, lease_until,
                                    request_key, request_hash, created_at, updated_at)
         VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (customer, request_key) WHERE request_key IS NOT NULL DO NOTHING
         RETURNING id),
       lines AS (
         INSERT INTO orders.order_lines (order_id, line, sku, quantity, unit_price_cents)
         SELECT placed.id, ordinality, sku, quantity, unit_price
           FROM placed, unnest($10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY AS l(sku, quantity, unit_price))
       INSERT INTO orders.outbox (event_id, order_id, payload, correlation_id, created_at)
       SELECT $13, $14, $15, $16, $9 FROM placed`,
      [
        order.id,
        order.customer,
        order.paymentMethod,
        total,
        order.deadline,
        order.leaseUntil,
        order.request?.key ?? null,
        order.request?.hash ?? null,
        order.now,
        order.lines.map((l) => l.sku),
        order.lines.map((l) => l.quantity),
        order.lines.map((l) => l.unitPrice),
        event.eventId,
        event.orderId,
        event.payload,
        event.correlationId ?? null,
      ],
    );
    const created = rowCount === 1;
    if (created) return { outcome: 'created', order: placed };
    // The same customer used this key before: the same request gets that order, another is refused.
    const { rows } = await this.pool.query<OrderRow>(
      `${SELECT_ORDER} WHERE o.customer = $1 AND o.request_key = $2`,
      [order.customer, order.request?.key],
    );
    const first = rows[0];
    if (!first) throw new Error('an order with this key was neither inserted nor found');
    return first.request_hash === order.request?.hash
      ? { outcome: 'replayed', order: toOrder(first) }
      : { outcome: 'key_reused' };
  }

  /** The order, or undefined; with `customer`, only if it is theirs. */
  async get(id: string, customer?: string): Promise<Order | undefined> {
    const { rows } = await this.pool.query<OrderRow>(
      `${SELECT_ORDER} WHERE o.id = $1 AND ($2::text IS NULL OR o.customer = $2)`,
      [id, customer ?? null],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** A customer's orders, newest first, after the cursor `[createdAt, id]` of the previous page's last. */
  async list(customer: string, after: [string, string] | undefined, limit: number): Promise<Order[]> {
    const { rows } = await this.pool.query<OrderRow>(
      `${SELECT_ORDER}
        WHERE o.customer = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2, $3::uuid))
        ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
      [customer, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return rows.map(toOrder);
  }

  /**
   * Leases up to `limit` open orders that are due and not leased (or whose lease ran out: its holder
   * crashed) until `leaseUntil`, and returns them.
   */
  async claim(limit: number, leaseUntil: Date, now: Date): Promise<Order[]> {
    // An order awaiting payment is leased past its deadline: its holder may wait for the payment until then.
    // One statement: the lease and the leased orders with their lines.
    const { rows } = await this.pool.query<OrderRow>(
      `WITH claimed AS (
         UPDATE orders.orders
            SET lease_until = CASE WHEN status = 'reserved' THEN GREATEST($2, deadline + ($2 - $3::timestamptz)) ELSE $2 END
          WHERE id IN (SELECT id FROM orders.orders
                        WHERE status NOT IN ('confirmed', 'cancelled') AND next_attempt_at <= $3
                          AND (lease_until IS NULL OR lease_until < $3)
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING *)
       ${selectOrders('claimed')}`,
      [limit, leaseUntil, now],
    );
    return rows.map(toOrder);
  }

  /**
   * Moves the order from one of `from` to `to` (with the reason of a cancellation), and records what
   * inventory answered for its lines and the event of the transition, in one transaction. False, with
   * nothing written, when the order was not in `from`: another step (a customer's cancel, another
   * replica) moved it first. Lines only move forward (pending → held|refused → committed|released).
   */
  async transition(
    order: Order,
    from: readonly OrderStatus[],
    to: OrderStatus,
    context: {
      reason?: CancelReason;
      event?: OrderEventKind;
      now: Date;
      correlationId?: string | undefined;
      leaseUntil?: Date | null;
      lines?: ReadonlyArray<{ line: number; state: LineState; reservationId?: string | undefined }>;
    },
  ): Promise<boolean> {
    const lines = context.lines ?? [];
    const event =
      context.event &&
      orderEvent(context.event, eventData(order, to, context.reason ?? order.reason ?? undefined), context);
    // One statement (one round trip, atomic): the lines and the event only if the order moved.
    const { rowCount } = await this.pool.query(
      `WITH moved AS (
         UPDATE orders.orders
            SET status = $3, reason = COALESCE($4, reason), updated_at = $5,
                lease_until = CASE WHEN $6::boolean THEN $7 ELSE lease_until END, next_attempt_at = $5
          WHERE id = $1 AND status = ANY($2::text[])
          RETURNING id),
       lines AS (
         UPDATE orders.order_lines l SET state = u.state, reservation_id = COALESCE(u.reservation_id, l.reservation_id)
           FROM moved, unnest($8::int[], $9::text[], $10::uuid[]) AS u(line, state, reservation_id)
          WHERE l.order_id = moved.id AND l.line = u.line
            AND (l.state = 'pending' OR (l.state = 'held' AND u.state IN ('committed', 'released')))),
       event AS (
         INSERT INTO orders.outbox (event_id, order_id, payload, correlation_id, created_at)
         SELECT $11, $12, $13, $14, $5 FROM moved WHERE $11::uuid IS NOT NULL)
       SELECT id FROM moved`,
      [
        order.id,
        from,
        to,
        context.reason ?? null,
        context.now,
        context.leaseUntil !== undefined,
        context.leaseUntil ?? null,
        lines.map((l) => l.line),
        lines.map((l) => l.state),
        lines.map((l) => l.reservationId ?? null),
        event?.eventId ?? null,
        event?.orderId ?? null,
        event?.payload ?? null,
        event?.correlationId ?? null,
      ],
    );
    return rowCount === 1;
  }

  /**
   * Gives the order back to the worker: due now, or after a failed step `retry.baseMs` later, doubling
   * with each failure in a row up to `retry.maxMs`.
   */
  async release(orderId: string, now: Date, retry?: { baseMs: number; maxMs: number }): Promise<void> {
    await this.pool.query(
      `UPDATE orders.orders SET lease_until = NULL,
              next_attempt_at = $2::timestamptz
                + make_interval(secs => least($4::float8, $3::float8 * 2 ^ least(attempts, 20)) / 1000),
              attempts = CASE WHEN $5 THEN attempts + 1 ELSE 0 END
        WHERE id = $1`,
      [orderId, now, retry?.baseMs ?? 0, retry?.maxMs ?? 0, retry !== undefined],
    );
  }
}
