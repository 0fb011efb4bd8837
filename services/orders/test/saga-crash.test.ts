// The saga's crash proofs: orders, its own process, is killed with SIGKILL at each step of the saga (after
// the step's effect in inventory or at the payment provider, before orders recorded it), then started again.
// Whatever the step, the order ends as it would have without the crash, and the books are exact against
// real inventory and pricing on the machine's PostgreSQL and fauxqs:
//   - 0 oversold and 0 reservations left: each SKU's on-hand dropped by exactly what confirmed orders
//     bought, nothing stays reserved (after the deadline, for an order whose payment never came), and
//     inventory holds one reservation per line (a retried call never reserved twice);
//   - no order paid twice: one approved charge of the order's total for a confirmed order, none for a
//     cancelled one;
//   - the events: one order.placed and one order.confirmed or order.cancelled per order.
// A client that lost its response to the crash retries with the same Idempotency-Key and gets the same order.
// The process runs a bundle of support/crash-entry.ts (main.ts plus the checkpoint), made once with the
// images' own esbuild options, migrations beside it, as the image runs main.js.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bundleNodeService } from '../../../actions/image-publish/src/bundle/node-bundle.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../lib/test-support/database.js';
import { eventually, exited, freePort, ready, repoRoot } from '../../lib/test-support/processes.js';
import type { SagaCheckpoint } from '../src/saga.js';
import type { Order } from '../src/store.js';
import { type Shop, startShop } from './support/shop.js';

const suite = (await requirePostgres('orders saga crash')) ? describe : describe.skip;
const PAYMENT_TIMEOUT_MS = 8000;

interface Case {
  at: SagaCheckpoint;
  method: 'test_approve' | 'test_decline' | 'test_timeout';
  final: [Order['status'], Order['reason']];
}

const CASES: Case[] = [
  { at: 'placed', method: 'test_approve', final: ['confirmed', null] },
  { at: 'reserve-answered', method: 'test_approve', final: ['confirmed', null] },
  { at: 'reserved', method: 'test_approve', final: ['confirmed', null] },
  { at: 'charge-answered', method: 'test_approve', final: ['confirmed', null] },
  { at: 'paid', method: 'test_approve', final: ['confirmed', null] },
  { at: 'commit-answered', method: 'test_approve', final: ['confirmed', null] },
  { at: 'cancelling', method: 'test_decline', final: ['cancelled', 'payment_declined'] },
  { at: 'release-answered', method: 'test_decline', final: ['cancelled', 'payment_declined'] },
  { at: 'reserved', method: 'test_timeout', final: ['cancelled', 'payment_timeout'] },
];

const LINES = [2, 1, 3];
const ON_HAND = 10;

let shop: Shop;
const scratch = mkdtempSync(join(tmpdir(), 'crash-'));
const bundle = join(scratch, 'bundle');

/** orders from the bundle, its own process, with `env` only (and PATH, HOME). */
const spawnOrders = (env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, [join(bundle, 'main.js')], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

/** One case: its own orders database and process, its own SKUs, in the shared inventory and pricing. */
async function runCase(c: Case, index: number) {
  const db: TestDatabase = await createTestDatabase({ prefix: 'crash' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = shop.ordersEnv({
    PORT: String(port),
    DATABASE_URL: db.url,
    SAGA_LEASE_MS: '1000',
    PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
    CRASH_AT: c.at,
    CRASH_MARKER: join(scratch, `${index}.crashed`),
  });
  const skus = LINES.map((_, line) => `CR${index}-${line}`);
  await Promise.all(skus.map((sku) => shop.stock(sku, ON_HAND, 1000 + 100 * index)));
  const customer = `crash-${index}`;
  const headers = {
    'content-type': 'application/json',
    'idempotency-key': `checkout-${index}`,
    ...(await shop.customer(customer)),
  };
  const body = JSON.stringify({
    lines: skus.map((sku, i) => ({ sku, quantity: LINES[i] })),
    paymentMethod: c.method,
  });
  const place = async () => {
    try {
      const res = await fetch(`${base}/v1/orders`, { method: 'POST', headers, body });
      return { status: res.status, order: (await res.json()) as Order };
    } catch {
      return undefined; // the process died under the request
    }
  };
  const start = async () => {
    const child = spawnOrders(env);
    await eventually(async () => ((await ready(base)) ? true : undefined), 20_000);
    return child;
  };

  const first = await start();
  const answered = await place();
  expect(await exited(first)).toBe('SIGKILL');
  const second = await start();
  try {
    // The client retries what it got no answer for, with the same key: the same order, not a second one.
    const retried = answered ?? (await place());
    expect(retried?.status).toBe(answered ? 201 : 200);
    const id = retried?.order.id as string;
    const order = await eventually(async () => {
      const res = await fetch(`${base}/v1/orders/${id}`, { headers });
      const o = (await res.json()) as Order;
      return o.status === 'confirmed' || o.status === 'cancelled' ? o : undefined;
    }, PAYMENT_TIMEOUT_MS + 15_000);
    return { order, skus, db };
  } finally {
    second.kill('SIGTERM');
    await exited(second);
  }
}

suite('the order saga, killed with SIGKILL at each step', () => {
  beforeAll(async () => {
    [shop] = await Promise.all([
      startShop(),
      bundleNodeService({
        workingDirectory: join(repoRoot, 'services', 'orders'),
        entry: 'test/support/crash-entry.ts',
        include: ['migrations'],
        outdir: bundle,
      }),
    ]);
  }, 30_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  // Side by side: each case has its own process, database and SKUs.
  it.concurrent.each(CASES.map((c, i) => [c.at, c.method, c, i] as const))(
    'killed at %s (%s): the order ends as without the crash, the books exact',
    async (_at, _method, c, index) => {
      const { order, skus, db } = await runCase(c, index);
      const pool = new pg.Pool({ connectionString: db.url, max: 2 });
      try {
        expect([order.status, order.reason]).toEqual(c.final);
        const confirmed = order.status === 'confirmed';
        // Inventory: nothing reserved, on-hand down by exactly what was bought, one reservation per line.
        const stock = await Promise.all(
          skus.map(
            async (sku) =>
              (await (await fetch(`${shop.inventory.url}/v1/skus/${sku}`)).json()) as {
                onHand: number;
                reserved: number;
              },
          ),
        );
        expect(stock).toEqual(
          LINES.map((q) =>
            expect.objectContaining({ reserved: 0, onHand: confirmed ? ON_HAND - q : ON_HAND }),
          ),
        );
        const reservations = await shop.inventory.pool.query<{ sku: string; n: number; status: string }>(
          `SELECT sku, count(*)::int AS n, min(status) AS status FROM inventory.reservations
            WHERE order_id = $1 GROUP BY sku ORDER BY sku`,
          [order.id],
        );
        expect(reservations.rows).toEqual(
          skus.map((sku) => ({ sku, n: 1, status: confirmed ? 'committed' : 'released' })),
        );
        // The payment: one approved charge of the total for a confirmed order, none standing for a cancelled one.
        const charges = await pool.query<{ amount: string; status: string }>(
          'SELECT amount, status FROM orders.fake_payments',
        );
        const approved = charges.rows.filter((r) => r.status === 'approved');
        expect(approved.map((r) => Number(r.amount))).toEqual(confirmed ? [order.total] : []);
        // One order, and each of its events once.
        const events = await pool.query<{ type: string; n: number }>(
          `SELECT payload::json ->> 'type' AS type, count(*)::int AS n FROM orders.outbox GROUP BY 1 ORDER BY 1`,
        );
        expect(events.rows).toEqual(
          [
            { type: confirmed ? 'order.confirmed.v1' : 'order.cancelled.v1', n: 1 },
            { type: 'order.placed.v1', n: 1 },
          ].sort((a, b) => a.type.localeCompare(b.type)),
        );
        expect((await pool.query('SELECT id FROM orders.orders')).rowCount).toBe(1);
      } finally {
        await pool.end();
        await db.cleanup();
      }
    },
    60_000,
  );
});
