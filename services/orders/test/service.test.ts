// orders over real HTTP against real inventory and pricing (services/orders/test/shop.ts: the machine's
// PostgreSQL, fauxqs): the saga's outcomes (confirmed; cancelled for stock, a declined payment, a payment
// that does not arrive in time, the customer), what each leaves in inventory and in the payment ledger,
// its events on orders-events, idempotent placing, customers' isolation, and oversell under contention.
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/src/logger.js';
import { bearer } from '../../lib/test-support/auth.js';
import { requirePostgres } from '../../lib/test-support/database.js';
import { eventually } from '../../lib/test-support/processes.js';
import { ORDER_EVENT_TYPES } from '../src/events.js';
import { type RunningOrders, startOrders } from '../src/service.js';
import type { Order } from '../src/store.js';
import { type Shop, startShop } from './support/shop.js';

const suite = (await requirePostgres('orders service')) ? describe : describe.skip;
// Long enough for a paid order's saga on a loaded machine; the timeout test waits it out once.
const PAYMENT_TIMEOUT_MS = 6000;

let shop: Shop;
let orders: RunningOrders;
const url = (path: string) => `${orders.url}${path}`;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; field?: string } }).error;

async function place(
  customer: string,
  lines: Array<{ sku: string; quantity: number }>,
  paymentMethod = 'test_approve',
  key?: string,
): Promise<Response> {
  return fetch(url('/v1/orders'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(await shop.customer(customer)),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify({ lines, paymentMethod }),
  });
}

/** The order once the saga has taken it to `confirmed` or `cancelled`. */
async function settled(customer: string, id: string): Promise<Order> {
  const headers = await shop.customer(customer);
  return eventually(async () => {
    const order = (await (await fetch(url(`/v1/orders/${id}`), { headers })).json()) as Order;
    return order.status === 'confirmed' || order.status === 'cancelled' ? order : undefined;
  }, 15_000);
}

async function stockOf(sku: string) {
  const res = await fetch(`${shop.inventory.url}/v1/skus/${sku}`);
  return (await res.json()) as { onHand: number; reserved: number; available: number };
}

async function ledger(orderId: string) {
  const { rows } = await orders.pool.query<{ amount: string; status: string }>(
    'SELECT amount, status FROM orders.fake_payments WHERE key = $1',
    [orderId],
  );
  return rows.map((r) => ({ amount: Number(r.amount), status: r.status }));
}

suite('orders over HTTP', () => {
  beforeAll(async () => {
    shop = await startShop();
    orders = await startOrders(
      shop.ordersConfig({ PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS), SAGA_LEASE_MS: '2000' }),
      {
        logger: createLogger({ name: 'orders', level: 'silent' }),
      },
    );
    await Promise.all([
      shop.stock('MUG', 10, 1200),
      shop.stock('TEE', 10, 2500),
      shop.stock('CAP', 10, 1800),
      shop.stock('ONE', 1, 500),
      shop.stock('HOT', 10, 700),
    ]);
  }, 60_000);

  afterAll(async () => {
    await orders?.stop();
    await shop?.stop();
  });

  it('answers /health, and /ready with its database and its queue reachable', async () => {
    const ready = await fetch(url('/ready'));
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', checks: { database: { ok: true }, queue: { ok: true } } },
    ]);
  });

  it('needs orders:write to place and orders:read to read, and a subject', async () => {
    const body = JSON.stringify({ lines: [{ sku: 'MUG', quantity: 1 }], paymentMethod: 'test_approve' });
    const json = { 'content-type': 'application/json' };
    expect((await fetch(url('/v1/orders'), { method: 'POST', headers: json, body })).status).toBe(401);
    const readOnly = bearer(await shop.issuer.sign({ scopes: ['orders:read'], subject: 'ann' }));
    const refused = await fetch(url('/v1/orders'), {
      method: 'POST',
      headers: { ...json, ...readOnly },
      body,
    });
    expect([refused.status, (await errorOf(refused)).code]).toEqual([403, 'forbidden']);
    expect((await fetch(url('/v1/orders'))).status).toBe(401);
  });

  it('confirms a paid order: stock committed, one charge of the priced total, placed and confirmed events', async () => {
    const before = await Promise.all(['MUG', 'TEE', 'CAP'].map(stockOf));
    const res = await place('alice', [
      { sku: 'MUG', quantity: 2 },
      { sku: 'TEE', quantity: 1 },
      { sku: 'CAP', quantity: 3 },
    ]);
    expect(res.status).toBe(201);
    const placed = (await res.json()) as Order;
    expect(res.headers.get('location')).toBe(`/v1/orders/${placed.id}`);
    // The request reserves every line before it answers; the payment follows.
    expect(placed.status).toBe('reserved');
    expect(placed.lines.map((l) => l.state)).toEqual(['held', 'held', 'held']);
    const prices = placed.lines.map((l) => l.unitPrice);
    expect(placed.total).toBe(2 * (prices[0] ?? 0) + (prices[1] ?? 0) + 3 * (prices[2] ?? 0));

    const order = await settled('alice', placed.id);
    expect([order.status, order.reason]).toEqual(['confirmed', null]);
    expect(order.lines.map((l) => l.state)).toEqual(['committed', 'committed', 'committed']);
    const after = await Promise.all(['MUG', 'TEE', 'CAP'].map(stockOf));
    expect(after.map((s, i) => (before[i]?.onHand ?? 0) - s.onHand)).toEqual([2, 1, 3]);
    expect(after.map((s) => s.reserved)).toEqual([0, 0, 0]);
    expect(await ledger(placed.id)).toEqual([{ amount: order.total, status: 'approved' }]);

    const events = await eventually(async () => {
      const got = await receiveAll();
      const mine = got.filter((e) => e.subject === placed.id);
      return mine.length >= 2 ? mine : undefined;
    }, 10_000);
    expect(events.map((e) => e.type)).toEqual([ORDER_EVENT_TYPES.placed, ORDER_EVENT_TYPES.confirmed]);
    expect(events[1]).toMatchObject({
      specversion: '1.0',
      source: '/orders',
      datacontenttype: 'application/json',
      data: { orderId: placed.id, customer: 'alice', status: 'confirmed', totalCents: order.total },
    });
  });

  it('cancels an order a line of which is out of stock, releasing the other lines at once', async () => {
    const res = await place('bob', [
      { sku: 'HOT', quantity: 2 },
      { sku: 'ONE', quantity: 2 },
    ]);
    expect(res.status).toBe(201);
    const order = (await res.json()) as Order;
    expect([order.status, order.reason]).toEqual(['cancelled', 'insufficient_stock']);
    expect(await stockOf('HOT')).toMatchObject({ reserved: 0, onHand: 10 });
    expect(await ledger(order.id)).toEqual([]);
  });

  it('releases the stock of a declined payment and says why', async () => {
    const placed = (await (
      await place('carol', [{ sku: 'HOT', quantity: 3 }], 'test_decline')
    ).json()) as Order;
    const order = await settled('carol', placed.id);
    expect([order.status, order.reason]).toEqual(['cancelled', 'payment_declined']);
    expect(order.lines[0]?.state).toBe('released');
    expect(await stockOf('HOT')).toMatchObject({ reserved: 0, onHand: 10 });
    expect(await ledger(order.id)).toEqual([{ amount: order.total, status: 'declined' }]);
  });

  it('releases the stock when the payment does not arrive before the deadline, and voids it', async () => {
    const placed = (await (
      await place('dan', [{ sku: 'HOT', quantity: 4 }], 'test_timeout')
    ).json()) as Order;
    expect((await stockOf('HOT')).reserved).toBe(4);
    const order = await settled('dan', placed.id);
    expect([order.status, order.reason]).toEqual(['cancelled', 'payment_timeout']);
    expect(Date.parse(order.updatedAt)).toBeGreaterThanOrEqual(Date.parse(placed.deadline));
    expect(await stockOf('HOT')).toMatchObject({ reserved: 0, onHand: 10 });
    // A payment that arrives after the void is refused: the key is spent.
    expect(await ledger(order.id)).toEqual([{ amount: 0, status: 'voided' }]);
  });

  it('lets the customer cancel an order awaiting payment, and refuses to cancel a confirmed one', async () => {
    const placed = (await (
      await place('erin', [{ sku: 'HOT', quantity: 1 }], 'test_timeout')
    ).json()) as Order;
    const headers = await shop.customer('erin');
    const cancel = await fetch(url(`/v1/orders/${placed.id}/cancel`), { method: 'POST', headers });
    expect(cancel.status).toBe(200);
    const order = await settled('erin', placed.id);
    expect([order.status, order.reason]).toEqual(['cancelled', 'customer_cancelled']);
    expect((await stockOf('HOT')).reserved).toBe(0);
    const again = await fetch(url(`/v1/orders/${placed.id}/cancel`), { method: 'POST', headers });
    expect([again.status, ((await again.json()) as Order).status]).toEqual([200, 'cancelled']);

    const paid = (await (await place('erin', [{ sku: 'MUG', quantity: 1 }])).json()) as Order;
    await settled('erin', paid.id);
    const late = await fetch(url(`/v1/orders/${paid.id}/cancel`), { method: 'POST', headers });
    expect([late.status, (await errorOf(late)).code]).toEqual([409, 'order_paid']);
  });

  it("shows a customer their own orders only: another's is a 404 and absent from the list", async () => {
    const mine = (await (await place('frank', [{ sku: 'MUG', quantity: 1 }])).json()) as Order;
    const other = await shop.customer('grace');
    expect((await fetch(url(`/v1/orders/${mine.id}`), { headers: other })).status).toBe(404);
    expect(
      (await fetch(url(`/v1/orders/${mine.id}/cancel`), { method: 'POST', headers: other })).status,
    ).toBe(404);
    const list = (await (await fetch(url('/v1/orders'), { headers: other })).json()) as { items: Order[] };
    expect(list.items).toEqual([]);
    const own = (await (
      await fetch(url('/v1/orders?limit=1'), { headers: await shop.customer('frank') })
    ).json()) as {
      items: Order[];
      nextCursor: string | null;
    };
    expect(own.items.map((o) => o.id)).toEqual([mine.id]);
  });

  it('places an order once per Idempotency-Key: a retry gets the same order, another body a 422', async () => {
    const lines = [{ sku: 'TEE', quantity: 1 }];
    const first = await place('hana', lines, 'test_approve', 'checkout-1');
    const retry = await place('hana', lines, 'test_approve', 'checkout-1');
    expect([first.status, retry.status, retry.headers.get('idempotent-replayed')]).toEqual([
      201,
      200,
      'true',
    ]);
    const id = ((await first.json()) as Order).id;
    expect(((await retry.json()) as Order).id).toBe(id);
    const other = await place('hana', [{ sku: 'TEE', quantity: 2 }], 'test_approve', 'checkout-1');
    expect([other.status, (await errorOf(other)).code]).toEqual([422, 'idempotency_key_reused']);
    // Another customer's key is theirs.
    expect((await place('ivan', lines, 'test_approve', 'checkout-1')).status).toBe(201);
    const { rows } = await shop.inventory.pool.query(
      'SELECT count(*)::int AS n FROM inventory.reservations WHERE order_id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('refuses a bad order with the field at fault, and an unpriced SKU, writing nothing', async () => {
    const count = async () =>
      (await orders.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders')).rows[0]?.n;
    const before = await count();
    const duplicate = await place('jo', [
      { sku: 'MUG', quantity: 1 },
      { sku: 'MUG', quantity: 1 },
    ]);
    expect([duplicate.status, (await errorOf(duplicate)).field]).toEqual([400, 'lines']);
    const zero = await place('jo', [{ sku: 'MUG', quantity: 0 }]);
    expect([zero.status, (await errorOf(zero)).field]).toEqual([400, 'lines.0.quantity']);
    const card = await place('jo', [{ sku: 'MUG', quantity: 1 }], '4242424242424242');
    expect([card.status, (await errorOf(card)).field]).toEqual([400, 'paymentMethod']);
    const unpriced = await place('jo', [{ sku: 'NOPRICE', quantity: 1 }]);
    expect([unpriced.status, (await errorOf(unpriced)).code]).toEqual([409, 'no_price']);
    expect(await count()).toBe(before);
  });

  // On a loaded machine some payments may not arrive within PAYMENT_TIMEOUT_MS: their stock is released and
  // goes to a later order, or to none. What must hold whatever the timing: no more sold than was in stock,
  // on-hand down by exactly what was confirmed, nothing left reserved, one charge per confirmed order.
  it('never oversells: 40 customers race for 10 in stock; the books match what was confirmed', async () => {
    await shop.stock('RUSH', 10, 900);
    const placed = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) => (await (await place(`rush-${i}`, [{ sku: 'RUSH', quantity: 1 }])).json()) as Order,
      ),
    );
    const final = await Promise.all(placed.map((o) => settled(o.customer, o.id)));
    const confirmed = final.filter((o) => o.status === 'confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.length).toBeLessThanOrEqual(10);
    const reasons = new Set(final.filter((o) => o.status === 'cancelled').map((o) => o.reason));
    expect(reasons).toContain('insufficient_stock');
    expect([...reasons].filter((r) => r !== 'insufficient_stock' && r !== 'payment_timeout')).toEqual([]);
    expect(await stockOf('RUSH')).toMatchObject({ onHand: 10 - confirmed.length, reserved: 0 });
    const charges = await Promise.all(final.map((o) => ledger(o.id)));
    expect(charges.flat().filter((c) => c.status === 'approved')).toHaveLength(confirmed.length);
  });
});

/** Every event on orders-events so far (received and deleted), in queue order. */
const received: Array<{ type: string; subject: string; specversion: string; data: unknown }> = [];
async function receiveAll() {
  for (;;) {
    const got = await shop.sqs.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: shop.ordersQueue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = got.Messages ?? [];
    if (messages.length === 0) return received;
    for (const m of messages) received.push(JSON.parse(m.Body ?? '{}'));
    await shop.sqs.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: shop.ordersQueue.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}
