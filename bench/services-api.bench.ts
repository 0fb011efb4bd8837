// Inventory API latency and throughput at fixed offered loads (Debian's `hey`, paced with -c workers
// x -q requests/s each, CSV output parsed for percentiles), and end-to-end latency from an inventory
// write to its new price being readable from pricing — on the embedded stack (PGlite over
// pglite-socket, fauxqs) and with the real PostgreSQL (fauxqs still embedded).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Stack, stackOptionsFromEnv, startStack } from '../scripts/stack.js';
import { createTestDatabase } from '../services/lib/test-support/database.js';
import { type BenchReport, percentile, round } from './types.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const SKUS = Array.from({ length: 8 }, (_, i) => `BENCH-${i}`);

interface HeyResult {
  latenciesMs: number[];
  ok: number;
  failed: number;
}

/** Runs hey with `-o csv` and parses every request's response time and status. */
async function hey(args: string[]): Promise<HeyResult> {
  const { stdout } = await run('hey', ['-z', `${SECONDS}s`, '-o', 'csv', ...args], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const result: HeyResult = { latenciesMs: [], ok: 0, failed: 0 };
  for (const line of stdout.split('\n').slice(1)) {
    // response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    const cells = line.split(',');
    if (cells.length < 8) continue;
    const status = Number(cells[6]);
    result.latenciesMs.push(Number(cells[0]) * 1000);
    if (status >= 200 && status < 300) result.ok += 1;
    else result.failed += 1;
  }
  return result;
}

function merge(results: HeyResult[]): HeyResult {
  return {
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    ok: results.reduce((n, r) => n + r.ok, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
  };
}

function row(
  backend: string,
  test: string,
  offered: string,
  r: { latenciesMs: number[]; ok: number; failed: number },
  seconds?: number,
) {
  return {
    backend,
    test,
    offered,
    'achieved 2xx/s': seconds === undefined ? '-' : round(r.ok / seconds, 0),
    'p50 ms': round(percentile(r.latenciesMs, 50), 1),
    'p95 ms': round(percentile(r.latenciesMs, 95), 1),
    'p99 ms': round(percentile(r.latenciesMs, 99), 1),
    errors: r.failed,
  };
}

async function json(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: { seq?: number } }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as { seq?: number } };
}

/** Sequential writes, each followed by polling pricing until the write's seq is priced. */
async function endToEnd(stack: Stack, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const sku = SKUS[i % SKUS.length] as string;
    const started = performance.now();
    const write = await json('POST', `${stack.inventoryUrl}/v1/skus/${sku}/adjustments`, {
      delta: -1,
      reason: 'correction',
    });
    if (write.status !== 200)
      throw new Error(`adjustment failed: ${write.status} ${JSON.stringify(write.body)}`);
    for (;;) {
      const price = await json('GET', `${stack.pricingUrl}/v1/prices/${sku}`);
      if (price.status === 200 && (price.body.seq ?? 0) >= (write.body.seq ?? 0)) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies;
}

async function measure(stack: Stack, backend: string, loads: { read: number[]; write: number[] }) {
  for (const sku of SKUS) {
    const res = await json('PUT', `${stack.inventoryUrl}/v1/skus/${sku}/stock`, { onHand: 100_000_000 });
    if (res.status >= 300) throw new Error(`seeding ${sku}: ${res.status}`);
  }
  const rows = [];
  for (const rate of loads.read) {
    // 8 workers, one per SKU would need 8 URLs; reads of one SKU measure the read path just as well.
    const r = await hey(['-c', '8', '-q', String(rate / 8), `${stack.inventoryUrl}/v1/skus/BENCH-0`]);
    rows.push(row(backend, 'inventory GET /v1/skus/:sku', `${rate}/s (8x${rate / 8})`, r, SECONDS));
  }
  for (const rate of loads.write) {
    // One hey per SKU (2 workers each), so writes spread over SKUs like real traffic; each write
    // also produces an event that pricing consumes in the same process meanwhile.
    const perSku = rate / SKUS.length / 2;
    const results = await Promise.all(
      SKUS.map((sku) =>
        hey([
          '-c',
          '2',
          '-q',
          String(perSku),
          '-m',
          'POST',
          '-T',
          'application/json',
          '-d',
          '{"delta":1,"reason":"received"}',
          `${stack.inventoryUrl}/v1/skus/${sku}/adjustments`,
        ]),
      ),
    );
    rows.push(
      row(
        backend,
        'inventory POST adjustments',
        `${rate}/s (${SKUS.length * 2}x${perSku})`,
        merge(results),
        SECONDS,
      ),
    );
  }
  // Let pricing drain what the write load queued before timing single events.
  await new Promise((r) => setTimeout(r, 3000));
  const e2e = await endToEnd(stack, 60);
  rows.push(
    row(backend, 'e2e: write → new price readable', '1 at a time', {
      latenciesMs: e2e,
      ok: e2e.length,
      failed: 0,
    }),
  );
  return rows;
}

export default async function bench(): Promise<BenchReport> {
  const base = stackOptionsFromEnv({ LOG_LEVEL: 'silent' });
  const free = { inventoryPort: 0, pricingPort: 0, pglitePort: 0, fauxqsPort: 0 };
  const rows = [];

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  const embedded = await startStack({ ...base, ...free, dataDir });
  try {
    rows.push(
      ...(await measure(embedded, 'embedded (PGlite + fauxqs)', { read: [100, 400], write: [32, 96] })),
    );
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const db = await createTestDatabase({ prefix: 'bench_api' });
  const real = await startStack({ ...base, ...free, databaseUrl: db.url });
  try {
    rows.push(
      ...(await measure(
        real,
        `PostgreSQL ${db.kind === 'postgres' ? '127.0.0.1:5432' : '(fallback PGlite)'} + fauxqs`,
        { read: [100, 400], write: [32, 96] },
      )),
    );
  } finally {
    await real.stop();
    await db.cleanup();
  }

  return {
    name: 'services-api',
    rows,
    notes: [
      `hey -z ${SECONDS}s -o csv, paced: offered = workers (-c) x per-worker rate (-q); achieved counts 2xx per second; percentiles from every request of the CSV (nearest rank).`,
      `Writes: POST /v1/skus/:sku/adjustments spread over ${SKUS.length} SKUs (one hey each), no Idempotency-Key; each commits a stock change and an outbox row, published to SQS and priced meanwhile.`,
      'e2e: 60 sequential adjustments; time from sending the write to GET /v1/prices/:sku showing its seq (polled every 2 ms), after the write load has drained.',
      'Both services, fauxqs and (embedded) PGlite run in this one Node process; hey is a separate process. Shared 2-core machine: compare rows of one run.',
    ],
  };
}
