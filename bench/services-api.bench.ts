// Inventory's write path against its floor, in one run, on the real PostgreSQL (127.0.0.1:5432).
//
// - inventory: its own process (services/inventory/src/main.ts), relay running, publishing to fauxqs
//   (in this process), LOG_LEVEL info (its default) with stdout to /dev/null, a bearer JWT on every write;
// - the floor: its own process (bench/services-api/floor.ts): Express + `pg`, the same JWT check,
//   then the same conditional UPDATE + outbox INSERT as ONE statement, nothing else;
// - load: POST /v1/reservations (quantity 1) at offered 100/300/500/800/1200 requests/s, on one hot SKU
//   and spread over 100 SKUs, by bench/load/generator.ts (hey's paced-worker model, its own process;
//   hey itself cannot vary the body), floor and inventory alternating at each rate; plus the issue's
//   exact hey command (hot SKU, -c 10 -q 50) against both.
import { type ChildProcess, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDevIssuer } from '../services/lib/src/dev-auth.js';
import { createTestDatabase } from '../services/lib/test-support/database.js';
import { startFauxqs } from '../services/lib/test-support/fauxqs.js';
import { freePort, ready } from '../services/lib/test-support/processes.js';
import {
  alternate,
  cpuSeconds,
  machineBusySince,
  machineTicks,
  merge,
  runLoad,
  type Sample,
  startProcess,
  stopProcess,
  workersFor,
} from './load/paced.js';
import { type BenchReport, percentile, round } from './types.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/** Each cell's time is split into this many slices, floor and inventory alternating, so both see the same noise. */
const SLICES = Number(process.env.BENCH_SLICES ?? 3);
const RATES = (process.env.BENCH_RATES ?? '100,300,500,800,1200').split(',').map(Number);
const SPREAD = Array.from({ length: 100 }, (_, i) => `SKU-${String(i).padStart(3, '0')}`);
const POOL_SIZE = 20;

/** Reservations (quantity 1) spread over `skus`, at `rate`, POSTed to `url`. */
function load(
  url: string,
  pid: number,
  rate: number,
  skus: string[],
  token: string,
  seconds = SECONDS / SLICES,
): Promise<Sample> {
  const { origin, pathname } = new URL(url);
  const ops = skus.map((sku) => [
    { path: pathname, body: JSON.stringify({ sku, quantity: 1, orderId: 'bench-order' }) },
  ]);
  return runLoad({ url: origin, headers: { authorization: `Bearer ${token}` }, ops }, rate, seconds, {
    target: pid,
  });
}

/** Floor and target in alternating slices, each one's slices merged. */
async function alternateMerged(
  slices: number,
  a: () => Promise<Sample>,
  b: () => Promise<Sample>,
): Promise<[Sample, Sample]> {
  const [as, bs] = await alternate(slices, a, b);
  return [merge(as), merge(bs)];
}

/** The command: `hey -z 10s -c 10 -q 50 -m POST` on one hot SKU, CSV output parsed. */
async function hey(url: string, pid: number, token: string, sku: string): Promise<Sample> {
  const seconds = 5;
  const cpuBefore = cpuSeconds(pid);
  const machineBefore = machineTicks();
  const { stdout } = await run(
    'hey',
    [
      '-z',
      `${seconds}s`,
      '-c',
      '10',
      '-q',
      '50',
      '-m',
      'POST',
      '-T',
      'application/json',
      '-H',
      `Authorization: Bearer ${token}`,
      '-d',
      JSON.stringify({ sku, quantity: 1, orderId: 'bench-order' }),
      '-o',
      'csv',
      url,
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const cpu = cpuSeconds(pid) - cpuBefore;
  const sample: Sample = {
    latenciesMs: [],
    ok: 0,
    failed: 0,
    failures: {},
    seconds,
    cpuPercent: { target: (cpu / seconds) * 100 },
    machineBusyPercent: machineBusySince(machineBefore),
  };
  for (const line of stdout.split('\n').slice(1)) {
    // response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    const cells = line.split(',');
    if (cells.length < 8) continue;
    sample.latenciesMs.push(Number(cells[0]) * 1000);
    if (Number(cells[6]) >= 200 && Number(cells[6]) < 300) sample.ok += 1;
    else {
      sample.failed += 1;
      sample.failures[cells[6] as string] = (sample.failures[cells[6] as string] ?? 0) + 1;
    }
  }
  return sample;
}

const FLOOR_SCHEMA = `
  CREATE SCHEMA bench_floor;
  CREATE TABLE bench_floor.skus (
    sku text PRIMARY KEY, on_hand integer NOT NULL CHECK (on_hand >= 0),
    reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0), seq bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(), CHECK (on_hand >= reserved));
  CREATE TABLE bench_floor.outbox (
    id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, sku text NOT NULL, seq bigint NOT NULL,
    payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
  CREATE INDEX ON bench_floor.outbox (id) WHERE sent_at IS NULL;`;

const STOCK = 1_000_000_000;

export default async function bench(): Promise<BenchReport> {
  const db = await createTestDatabase({ prefix: 'bench_api' });
  if (db.kind !== 'postgres') {
    await db.cleanup();
    throw new Error(
      'services-api needs the real PostgreSQL on 127.0.0.1:5432 (PGlite runs one transaction at a time)',
    );
  }
  const queue = await startFauxqs({ name: `benchapi${Date.now()}` });
  const issuer = await createDevIssuer();
  const token = await issuer.sign({ scopes: ['inventory:write'] });
  const admin = new pg.Pool({ connectionString: db.url, max: 2 });
  const [inventoryPort, floorPort] = await Promise.all([freePort(), freePort()]);
  const inventoryUrl = `http://127.0.0.1:${inventoryPort}`;
  const floorUrl = `http://127.0.0.1:${floorPort}`;
  const children: ChildProcess[] = [];
  try {
    const inventory = await startProcess(
      'services/inventory/src/main.ts',
      {
        DATABASE_URL: db.url,
        SQS_ENDPOINT: queue.endpoint,
        SQS_QUEUE_URL: queue.queueUrl,
        AWS_REGION: 'us-east-1',
        PORT: String(inventoryPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: String(POOL_SIZE),
        ...issuer.env,
      },
      () => ready(inventoryUrl),
    );
    children.push(inventory);
    await admin.query(FLOOR_SCHEMA);
    const floor = await startProcess(
      'bench/services-api/floor.ts',
      { DATABASE_URL: db.url, PORT: String(floorPort), DB_POOL_SIZE: String(POOL_SIZE), ...issuer.env },
      async () => (await fetch(`${floorUrl}/`).catch(() => undefined)) !== undefined,
    );
    children.push(floor);

    for (const sku of ['HOT', ...SPREAD]) {
      const res = await fetch(`${inventoryUrl}/v1/skus/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ onHand: STOCK }),
      });
      if (res.status >= 300) throw new Error(`seeding ${sku}: ${res.status} ${await res.text()}`);
      await admin.query('INSERT INTO bench_floor.skus (sku, on_hand) VALUES ($1, $2)', [sku, STOCK]);
    }

    const targets = {
      floor: { url: `${floorUrl}/v1/reservations`, pid: floor.pid as number },
      inventory: { url: `${inventoryUrl}/v1/reservations`, pid: inventory.pid as number },
    };
    // Warm-up (JIT, pools) for both, not measured.
    for (const t of Object.values(targets)) await load(t.url, t.pid, 200, ['HOT'], token, 2);

    const rows: Array<Record<string, string | number>> = [];
    const p = (s: Sample, q: number) => round(percentile(s.latenciesMs, q), 1);
    const compare = (skus: string, offered: string, rate: number, f: Sample, s: Sample) => {
      const achieved = s.ok / s.seconds;
      rows.push({
        SKUs: skus,
        offered,
        'floor 2xx/s': round(f.ok / f.seconds, 0),
        'floor p50/p99 ms': `${p(f, 50)} / ${p(f, 99)}`,
        'inventory 2xx/s': round(achieved, 0),
        'inventory p50/p99 ms': `${p(s, 50)} / ${p(s, 99)}`,
        'inventory/offered': round(achieved / rate, 2),
        'inventory/floor 2xx': round(achieved / (f.ok / f.seconds), 2),
        'p99 inventory/floor': round(percentile(s.latenciesMs, 99) / percentile(f.latenciesMs, 99), 2),
        'errors floor/inv': `${f.failed} / ${s.failed}`,
        'CPU % floor/inv': `${round(f.cpuPercent.target ?? 0, 0)} / ${round(s.cpuPercent.target ?? 0, 0)}`,
      });
      process.stderr.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    };
    for (const [label, skus] of [
      ['1 (hot)', ['HOT']],
      ['100', SPREAD],
    ] as const) {
      for (const rate of RATES) {
        const [f, s] = await alternateMerged(
          SLICES,
          () => load(targets.floor.url, targets.floor.pid, rate, [...skus], token),
          () => load(targets.inventory.url, targets.inventory.pid, rate, [...skus], token),
        );
        const { workers, perWorkerRate } = workersFor(rate);
        compare(label, `${rate}/s (${workers}x${round(perWorkerRate, 1)})`, rate, f, s);
      }
    }
    const [hf, hs] = await alternateMerged(
      2,
      () => hey(targets.floor.url, targets.floor.pid, token, 'HOT'),
      () => hey(targets.inventory.url, targets.inventory.pid, token, 'HOT'),
    );
    compare('1 (hot), hey', '500/s (hey -c 10 -q 50, 2 x 5 s)', 500, hf, hs);

    const goal = rows.filter(
      (r) => String(r.offered).startsWith('500/s') && String(r.SKUs).startsWith('1 (hot)'),
    );
    const verdicts = goal.map((r) => {
      const pass =
        Number(r['inventory/offered']) >= 0.98 &&
        String(r['errors floor/inv']).endsWith('/ 0') &&
        Number(r['p99 inventory/floor']) <= 1.5;
      return `${r.SKUs} at ${r.offered}: ${pass ? 'MET' : 'NOT MET'} (inventory/offered ${r['inventory/offered']}, p99 ${r['p99 inventory/floor']}x the floor, errors ${r['errors floor/inv']})`;
    });
    return {
      name: 'services-api',
      rows,
      notes: [
        `POST /v1/reservations (quantity 1), ${SECONDS} s per target per cell in ${SLICES} slices, floor and inventory alternating; offered = workers x per-worker rate, each worker waits for its response (hey's model); percentiles over every request (nearest rank).`,
        'inventory: own process, relay publishing to fauxqs, LOG_LEVEL info to /dev/null, pg pool 20; one statement per reservation (UPDATE + reservation + history + outbox CTEs).',
        'floor: own process, Express + pg pool 20, ONE statement (conditional UPDATE + outbox INSERT); no history/reservation rows, relay, logs or metrics.',
        'Both check the same ES256 bearer JWT with jose (same work on both sides); both on the same real PostgreSQL 127.0.0.1:5432 database (floor tables in schema bench_floor).',
        `Goal (issue 15): at 500/s on one hot SKU, inventory >= 0.98x offered, 0 errors, p99 <= 1.5x the floor's. ${verdicts.join('; ')}`,
        'Shared 2-core machine: PostgreSQL, both servers, the load generator and fauxqs compete for CPU; compare the columns of one row.',
      ],
    };
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
    await admin.end();
    await queue.stop();
    await db.cleanup();
  }
}
