// Orders placed end to end against their floor, in one run, on the real PostgreSQL (127.0.0.1:5432).
//
// - services, each its own process with its production defaults (LOG_LEVEL info, stdout to /dev/null, pg
//   pool 10): inventory and pricing (their main.ts; pricing consumes inventory's events from fauxqs, which
//   runs in this process), and orders (its main.ts, with its inventory:write tokens from the local OpenID
//   Provider by the client credentials grant, as under npm start); one database, a schema each;
// - 100 SKUs with 1,000,000 in stock and a pricing policy each, all priced before the load;
// - target: POST /v1/orders, 3 lines (3 distinct SKUs, quantity 1), test_approve, a customer's bearer JWT
//   and an Idempotency-Key. Placed: answered 201 `reserved`. Then the saga charges the fake provider and
//   commits the 3 reservations; after each slice the bench waits (up to a drain window) until every order
//   of the slice is `confirmed`. An order not confirmed by then (or cancelled) is an error;
// - floor: per order, the 3 reservation calls orders makes: POST /v1/reservations to inventory, the same
//   3 SKUs, quantity 1, an Idempotency-Key each, an `inventory:write` JWT from the same provider, the 3 at once;
//   an order is done when all 3 answered 201;
// - load: bench/load/generator.ts (hey's paced workers, its own process), the same offered order rates,
//   workers (in-flight limit) and SKU triples for both, floor and orders alternating in slices.
// Env: BENCH_RATES (orders/s, default 25,50,100,150,200), BENCH_SECONDS per side per rate (9), BENCH_SLICES
// (3), BENCH_DRAIN_SECONDS (5), BENCH_WORKERS (the in-flight limit of both sides; default hey's 10).
// BENCH_PROFILE=<dir>: orders runs under `node --cpu-prof` (profile written there when it stops) and
// counts its pg queries by statement (printed at its stop); the numbers are then perturbed, not to compare.

import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startCatalogueIdentity } from '../scripts/stack/identity.js';
import { loadCatalogue } from '../services/lib/catalogue/catalogue.js';
import { clientCredentials } from '../services/lib/src/client-credentials.js';
import { ensureQueues } from '../services/lib/src/sqs.js';
import { bearer } from '../services/lib/test-support/auth.js';
import { createTestDatabase } from '../services/lib/test-support/database.js';
import { startFauxqs } from '../services/lib/test-support/fauxqs.js';
import { eventually, freePort, ready } from '../services/lib/test-support/processes.js';
import type { LoadRequest } from './load/generator.js';
import {
  alternate,
  merge,
  runLoad,
  type Sample,
  startProcess,
  stopProcess,
  type Watched,
  workersFor,
} from './load/paced.js';
import { type BenchReport, percentile, round } from './types.js';

/** Seconds of load per side per rate, split into SLICES alternating slices. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 9);
const SLICES = Number(process.env.BENCH_SLICES ?? 3);
const RATES = (process.env.BENCH_RATES ?? '25,50,100,150,200').split(',').map(Number);
/** After an orders slice, how long its orders may take to be confirmed before the rest count as errors. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 5);
/** Orders in flight at once (load workers), the same on both sides; unset: hey's model (10, more above 500/s). */
const WORKERS = process.env.BENCH_WORKERS === undefined ? undefined : Number(process.env.BENCH_WORKERS);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const LINES = 3;
const SKUS = Array.from({ length: 100 }, (_, i) => `ORD-${String(i).padStart(3, '0')}`);
const STOCK = 1_000_000;
const CUSTOMER = 'bench-customer';
/** A side sustains a rate when it achieves this share of it with 0 errors. */
const SUSTAINED = 0.95;
const GOAL = 0.9;

/** `count` triples of distinct SKUs, uniform, from a fixed seed: both sides order the same ones. */
function skuTriples(count: number): string[][] {
  let seed = 0x5eed;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const picked = new Set<string>();
    while (picked.size < LINES) picked.add(SKUS[Math.floor(random() * SKUS.length)] as string);
    return [...picked];
  });
}

/** What an orders slice came to once drained: the POSTs' sample and what the saga made of them. */
interface OrdersSlice {
  sample: Sample;
  /** Orders of the slice confirmed by the end of the drain. */
  confirmed: number;
  /** Orders of the slice the saga had not confirmed then (still open, or cancelled). */
  unconfirmed: number;
  /** created_at → updated_at of each confirmed order (its last transition is `confirmed`), ms. */
  confirmMs: number[];
  drainSeconds: number;
}

const ms = (values: number[], q: number) => round(percentile(values, q), 1);

/** CPU the system (the three services, their PostgreSQL backends, fauxqs; not the load) spent per good order, ms. */
const systemCpuMs = (s: Sample, ordersPerSecond: number) =>
  (['orders', 'inventory', 'pricing', 'pg', 'bench'].reduce((n, k) => n + (s.cpuPercent[k] ?? 0), 0) * 10) /
  ordersPerSecond;

export default async function bench(): Promise<BenchReport> {
  const db = await createTestDatabase({ prefix: 'bench_orders' });
  if (db.kind !== 'postgres') {
    await db.cleanup();
    throw new Error(
      'orders needs the real PostgreSQL on 127.0.0.1:5432 (PGlite runs one transaction at a time)',
    );
  }
  const loadBefore = loadavg();
  const queue = await startFauxqs({ name: 'inventory-events' });
  const ordersQueue = await ensureQueues(queue.sqs, { name: 'orders-events' });
  // npm start's provider: orders' client from its declared oauth-client (inventory:write).
  const { signer: issuer, provider: identity } = await startCatalogueIdentity(loadCatalogue(), {
    port: await freePort(),
    redirectUris: [],
  });
  const ordersClient = {
    tokenUrl: identity.tokenUrl,
    clientId: 'orders',
    clientSecret: identity.clients.orders?.clientSecret ?? '',
  };
  const writer = await issuer.sign({ scopes: ['inventory:write', 'pricing:write'] });
  // The floor calls inventory with the same kind of token orders gets: the provider's, by the same grant.
  const inventoryToken = await clientCredentials({
    ...ordersClient,
    scopes: ['inventory:write'],
    resource: issuer.audience,
  }).token();
  const customerToken = await issuer.sign({ scopes: ['orders:read', 'orders:write'], subject: CUSTOMER });
  const admin = new pg.Pool({ connectionString: db.url, max: 2 });
  const [inventoryPort, pricingPort, ordersPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const urls = {
    inventory: `http://127.0.0.1:${inventoryPort}`,
    pricing: `http://127.0.0.1:${pricingPort}`,
    orders: `http://127.0.0.1:${ordersPort}`,
  };
  const common = {
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SQS_ENDPOINT: queue.endpoint,
    AWS_REGION: 'us-east-1',
    LOG_LEVEL: 'info',
    ...issuer.env,
  };
  const children: ChildProcess[] = [];
  try {
    const [inventory, pricing] = await Promise.all([
      startProcess(
        'services/inventory/src/main.ts',
        { ...common, PORT: String(inventoryPort), SQS_QUEUE_URL: queue.queueUrl },
        () => ready(urls.inventory),
      ),
      startProcess(
        'services/pricing/src/main.ts',
        { ...common, PORT: String(pricingPort), SQS_QUEUE_URL: queue.queueUrl, CONSUMER_WAIT_SECONDS: '1' },
        () => ready(urls.pricing),
      ),
    ]);
    children.push(inventory, pricing);
    const profiling = PROFILE_DIR
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${resolve(PROFILE_DIR)}`,
          '--import',
          './bench/orders/count-queries.ts',
        ]
      : [];
    if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
    const orders = await startProcess(
      'services/orders/src/main.ts',
      {
        ...common,
        PORT: String(ordersPort),
        SQS_QUEUE_URL: ordersQueue.queueUrl,
        INVENTORY_URL: urls.inventory,
        PRICING_URL: urls.pricing,
        OAUTH_TOKEN_URL: ordersClient.tokenUrl,
        OAUTH_CLIENT_ID: ordersClient.clientId,
        OAUTH_CLIENT_SECRET: ordersClient.clientSecret,
      },
      () => ready(urls.orders),
      profiling,
    );
    children.push(orders);

    await seed(urls, writer);

    const watch: Watched = {
      orders: orders.pid as number,
      inventory: inventory.pid as number,
      pricing: pricing.pid as number,
      // This database's backends (all three services' pools and ours).
      pg: async () =>
        (
          await admin.query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).rows.map((r) => r.pid),
      // fauxqs runs here.
      bench: process.pid,
    };
    const triples = skuTriples(600);
    const floorOps: LoadRequest[][] = triples.map((triple) => {
      const orderId = randomUUID();
      return triple.map((sku) => ({
        path: '/v1/reservations',
        body: JSON.stringify({ sku, quantity: 1, orderId }),
      }));
    });
    const orderOps: LoadRequest[][] = triples.map((triple) => [
      {
        path: '/v1/orders',
        body: JSON.stringify({
          lines: triple.map((sku) => ({ sku, quantity: 1 })),
          paymentMethod: 'test_approve',
        }),
      },
    ]);
    let sliceNumber = 0;
    const floorSlice = (rate: number, seconds: number) =>
      runLoad(
        {
          url: urls.inventory,
          headers: bearer(inventoryToken),
          ops: floorOps,
          idempotencyKeyPrefix: `floor-${sliceNumber++}-${randomUUID()}`,
          expectStatus: 201,
        },
        rate,
        seconds,
        watch,
        WORKERS,
      );
    const ordersSlice = async (rate: number, seconds: number): Promise<OrdersSlice> => {
      const prefix = `orders-${sliceNumber++}-${randomUUID()}`;
      const sample = await runLoad(
        {
          url: urls.orders,
          headers: bearer(customerToken),
          ops: orderOps,
          idempotencyKeyPrefix: prefix,
          expectStatus: 201,
          expectFields: { status: 'reserved' },
        },
        rate,
        seconds,
        watch,
        WORKERS,
      );
      const drainStart = performance.now();
      const open = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM orders.orders
                WHERE customer = $1 AND request_key LIKE $2 AND status NOT IN ('confirmed', 'cancelled')`,
              [CUSTOMER, `${prefix}-%`],
            )
          ).rows[0]?.n,
        );
      while ((await open()) > 0 && performance.now() - drainStart < DRAIN_SECONDS * 1000) await sleep(50);
      const drainSeconds = (performance.now() - drainStart) / 1000;
      const { rows } = await admin.query<{ status: string; ms: number }>(
        `SELECT status, extract(epoch FROM updated_at - created_at)::float8 * 1000 AS ms
           FROM orders.orders WHERE customer = $1 AND request_key LIKE $2`,
        [CUSTOMER, `${prefix}-%`],
      );
      const confirmed = rows.filter((r) => r.status === 'confirmed');
      return {
        sample,
        confirmed: confirmed.length,
        unconfirmed: rows.length - confirmed.length,
        confirmMs: confirmed.map((r) => r.ms),
        drainSeconds,
      };
    };

    // Warm-up (JIT, pools, pricing's cache), not measured.
    await floorSlice(25, 2);
    await ordersSlice(25, 2);

    const rows: Array<Record<string, string | number>> = [];
    const cells: Array<{
      rate: number;
      floorRate: number;
      ordersRate: number;
      floorOk: boolean;
      ordersOk: boolean;
    }> = [];
    const startedAt = performance.now();
    for (const rate of RATES) {
      const [floorSlices, orderSlices] = await alternate(
        SLICES,
        () => floorSlice(rate, SECONDS / SLICES),
        () => ordersSlice(rate, SECONDS / SLICES),
      );
      const f = merge(floorSlices);
      const o = merge(orderSlices.map((s) => s.sample));
      const confirmed = orderSlices.reduce((n, s) => n + s.confirmed, 0);
      const unconfirmed = orderSlices.reduce((n, s) => n + s.unconfirmed, 0);
      const confirmMs = orderSlices.flatMap((s) => s.confirmMs);
      // An order counts when it was placed (201 reserved) and then confirmed; every other one is an error.
      const good = Math.min(o.ok, confirmed);
      const ordersErrors = o.failed + (o.ok - good);
      const floorRate = f.ok / f.seconds;
      const ordersRate = good / o.seconds;
      const { workers, perWorkerRate } = workersFor(rate, WORKERS);
      const cpu = (s: Sample) =>
        ['orders', 'inventory', 'pricing', 'pg', 'load', 'bench']
          .map((k) => round(s.cpuPercent[k] ?? 0, 0))
          .join('/');
      const causes = (failures: Record<string, number>) =>
        Object.entries(failures)
          .map(([cause, n]) => `${n}x${cause}`)
          .join(' ');
      rows.push({
        offered: `${rate}/s (${workers}x${round(perWorkerRate, 1)})`,
        'floor orders/s': round(floorRate, 1),
        'floor p50/p99 ms': `${ms(f.latenciesMs, 50)} / ${ms(f.latenciesMs, 99)}`,
        'orders placed+confirmed/s': round(ordersRate, 1),
        'orders POST p50/p99 ms': `${ms(o.latenciesMs, 50)} / ${ms(o.latenciesMs, 99)}`,
        'placed→confirmed p50/p99 ms': `${ms(confirmMs, 50)} / ${ms(confirmMs, 99)}`,
        'confirmed/placed': `${confirmed}/${o.ok}`,
        'orders/floor': round(ordersRate / floorRate, 2),
        'p99 orders/floor': round(percentile(o.latenciesMs, 99) / percentile(f.latenciesMs, 99), 2),
        'errors floor/orders': `${f.failed} / ${ordersErrors}`,
        'error causes': [
          causes(f.failures) && `floor ${causes(f.failures)}`,
          causes(o.failures) && `orders ${causes(o.failures)}`,
          unconfirmed > 0 ? `${unconfirmed} not confirmed` : '',
        ]
          .filter(Boolean)
          .join('; '),
        'max drain s': round(Math.max(...orderSlices.map((s) => s.drainSeconds)), 2),
        'CPU % floor ord/inv/pri/pg/load/bench': cpu(f),
        'CPU % orders ord/inv/pri/pg/load/bench': cpu(o),
        'system CPU ms/order floor/orders': `${round(systemCpuMs(f, floorRate), 2)} / ${round(systemCpuMs(o, ordersRate), 2)}`,
        'machine busy % floor/orders': `${round(f.machineBusyPercent, 0)} / ${round(o.machineBusyPercent, 0)}`,
      });
      cells.push({
        rate,
        floorRate,
        ordersRate,
        floorOk: f.failed === 0 && floorRate >= SUSTAINED * rate,
        ordersOk: ordersErrors === 0 && ordersRate >= SUSTAINED * rate,
      });
      process.stderr.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    }
    const measuredSeconds = (performance.now() - startedAt) / 1000;
    // With BENCH_PROFILE, orders prints its queries by statement at its stop: per order, divide by this.
    const placedInRun = Number(
      (await admin.query<{ n: string }>('SELECT count(*) AS n FROM orders.orders')).rows[0]?.n,
    );
    const loadAfter = loadavg();

    const both = cells.filter((c) => c.floorOk && c.ordersOk).at(-1);
    const floorTop = cells.filter((c) => c.floorOk).at(-1);
    const verdict = (c: (typeof cells)[number]) => {
      const ratio = c.ordersRate / c.floorRate;
      return `${c.rate}/s: orders/floor ${round(ratio, 2)}, orders ${c.ordersOk ? 'sustained it' : 'did not sustain it'} (${ratio >= GOAL && c.ordersOk ? 'MET' : 'NOT MET'})`;
    };
    return {
      name: 'orders',
      rows,
      notes: [
        `Per rate: ${SECONDS} s of load per side in ${SLICES} alternating slices (floor, orders, orders, floor, ...); offered = workers x per-worker rate, each worker waits for its order (hey's model, same workers = same in-flight limit for both); the same ${triples.length} SKU triples in turn on both sides; percentiles over every order (nearest rank).`,
        `orders: POST /v1/orders, ${LINES} lines of quantity 1, test_approve, Idempotency-Key; good = answered 201 \`reserved\` AND \`confirmed\` in orders.orders by the end of its slice + at most ${DRAIN_SECONDS} s of drain ("max drain s": the longest wait for the last one). Anything else is an error. placed→confirmed = the order's created_at → updated_at (its last transition, to confirmed).`,
        `floor: per order the ${LINES} POST /v1/reservations orders makes (same SKUs, quantity 1, an Idempotency-Key each, the same inventory:write JWT), at once; good = all ${LINES} answered 201. Per order the saga also charges the fake provider and commits the ${LINES} reservations (${LINES} more inventory calls): work the floor does not do.`,
        'Processes: inventory, pricing, orders each its own (production defaults: pg pool 10, LOG_LEVEL info to /dev/null); fauxqs in the bench process ("bench"); "load" is the load generator; "pg" the PostgreSQL backends of this database. CPU in % of one core while the load ran (a drain is not in it).',
        '"system CPU ms/order": the CPU of the three services, their PostgreSQL backends and fauxqs per good order. On a machine whose cores are all busy, orders/floor at saturation cannot exceed floor ÷ orders of this column.',
        `Goal: orders >= ${GOAL}x the floor's order rate, 0 errors. A side sustains a rate when it achieves >= ${SUSTAINED}x of it with 0 errors. Highest rate both sustain: ${both ? verdict(both) : 'none'}. Highest rate the floor sustains: ${floorTop ? verdict(floorTop) : 'none'}. At each rate: ${cells.map(verdict).join('; ')}.`,
        `Machine: ${cpus().length} cores, shared; load average ${loadBefore.map((l) => round(l, 2)).join(' ')} before, ${loadAfter.map((l) => round(l, 2)).join(' ')} after; measured part ${round(measuredSeconds, 0)} s. Compare the columns of one row: both sides saw the same noise.`,
        ...(PROFILE_DIR
          ? [
              `PROFILED: orders ran under --cpu-prof (${PROFILE_DIR}) and printed its pg queries by statement at its stop, for the ${placedInRun} orders of the run (warm-up included); not numbers to compare.`,
            ]
          : []),
      ],
    };
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
    await admin.end();
    await queue.stop();
    await identity.stop();
    await db.cleanup();
  }
}

/** Puts every SKU on sale (a pricing policy, then stock) and waits until pricing has priced them all. */
async function seed(urls: { inventory: string; pricing: string }, writer: string): Promise<void> {
  const headers = { 'content-type': 'application/json', ...bearer(writer) };
  const put = async (url: string, body: unknown) => {
    const res = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`PUT ${url}: ${res.status} ${await res.text()}`);
  };
  for (let i = 0; i < SKUS.length; i += 10) {
    await Promise.all(
      SKUS.slice(i, i + 10).map(async (sku) => {
        await put(`${urls.pricing}/v1/prices/${sku}/policy`, {
          basePrice: 1000,
          lowStockThreshold: 0,
          overstockThreshold: 10 * STOCK,
          floor: 1,
          ceiling: 1_000_000,
        });
        await put(`${urls.inventory}/v1/skus/${sku}/stock`, { onHand: STOCK });
      }),
    );
  }
  await eventually(
    async () => {
      const statuses = await Promise.all(
        SKUS.map(async (sku) => (await fetch(`${urls.pricing}/v1/prices/${sku}`)).status),
      );
      return statuses.every((s) => s === 200) ? true : undefined;
    },
    60_000,
    250,
  );
}
