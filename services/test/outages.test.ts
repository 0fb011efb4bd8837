// Issue 20, item 13: both services ride out what an Aurora failover, a database restart and a queue
// outage look like, under ~80 writes/s, each service its own process as in production: a failover
// (every connection of the database terminated at once with pg_terminate_backend), a restart (fast
// shutdown, 3 s down, start) of a PostgreSQL cluster of the test's own (never the machine's shared one),
// and SQS cut off for 4 s. During an outage writes answer 503 `database_unavailable` quickly and /ready
// says not ready; afterwards the work resumes by itself, no process died, and nothing is lost: every
// write (its 503s retried with the same Idempotency-Key, as a client does) is counted exactly once,
// every event reached pricing, the outbox is empty and the DLQ too.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createSqsClient, ensureQueues, type QueueUrls } from '../lib/src/sqs.js';
import { bearer, createDevIssuer } from '../lib/test-support/auth.js';
import { queueDepth, startFauxqs, type TestQueue } from '../lib/test-support/fauxqs.js';
import {
  canStartPrivatePostgres,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../lib/test-support/private-postgres.js';
import { eventually, exited, freePort, ready, spawnTs } from '../lib/test-support/processes.js';
import { startTcpProxy, type TcpProxy } from '../lib/test-support/tcp-proxy.js';

const canRun = canStartPrivatePostgres('outages');

const SKUS = Array.from({ length: 10 }, (_, i) => `OUT-${i}`);
const WRITE_INTERVAL_MS = 12; // ~80 writes/s

interface Write {
  sku: string;
  key: string;
  delta: number;
  status: number;
  code: string | undefined;
  ms: number;
}

let server: PrivatePostgres;
let queue: TestQueue;
let sqsProxy: TcpProxy;
let sqs: SQSClient;
let queueUrls: QueueUrls;
const children: ChildProcess[] = [];
let token: string;
let env: Record<string, string>;
const services: Record<'inventory' | 'pricing', { child: ChildProcess; url: string; output: string[] }> =
  {} as never;

/** Starts `services/<name>/src/main.ts`; resolves once it answers /ready with 200 (or /health: `until: 'health'`). */
async function startService(
  name: 'inventory' | 'pricing',
  env: Record<string, string>,
  until: 'ready' | 'health' = 'ready',
) {
  const port = await freePort();
  const child = spawnTs(`services/${name}/src/main.ts`, { ...env, PORT: String(port) });
  children.push(child);
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${output.join('')}`);
      if (until === 'ready') return (await ready(url)) ? true : undefined;
      return (await fetch(`${url}/health`)).ok ? true : undefined;
    },
    60_000,
    200,
  );
  services[name] = { child, url, output };
}

beforeAll(async () => {
  if (!canRun) return;
  server = await startPrivatePostgres();
  queue = await startFauxqs({ name: `outage${Date.now()}` });
  sqsProxy = await startTcpProxy(queue.port);
  const issuer = await createDevIssuer();
  token = await issuer.sign();
  // fauxqs names a queue by the host it was created through: create the ones used here via the proxy.
  const endpoint = `http://127.0.0.1:${sqsProxy.port}`;
  sqs = createSqsClient({ endpoint, region: 'us-east-1' });
  queueUrls = await ensureQueues(sqs, { name: 'outage-events' });
  env = {
    DATABASE_URL: server.url(),
    SQS_ENDPOINT: endpoint,
    SQS_QUEUE_URL: queueUrls.queueUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...issuer.env,
  };
  await Promise.all([
    startService('inventory', env),
    startService('pricing', { ...env, SQS_DLQ_URL: queueUrls.dlqUrl, CONSUMER_WAIT_SECONDS: '1' }),
  ]);
}, 90_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  sqs?.destroy();
  await sqsProxy?.stop();
  await queue?.stop();
  await server?.destroy();
}, 60_000);

async function write(sku: string, key: string, delta: number): Promise<Write> {
  const started = performance.now();
  try {
    const res = await fetch(`${services.inventory.url}/v1/skus/${sku}/adjustments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
      body: JSON.stringify({ delta, reason: 'received' }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { error?: { code: string } };
    return { sku, key, delta, status: res.status, code: body.error?.code, ms: performance.now() - started };
  } catch (error) {
    return { sku, key, delta, status: 0, code: String(error), ms: performance.now() - started };
  }
}

/** Sends ~80 writes/s over the SKUs for `ms`, while `during` runs; resolves with every write's outcome. */
async function underLoad(what: string, ms: number, during: () => Promise<void>): Promise<Write[]> {
  const inFlight: Array<Promise<Write>> = [];
  const started = performance.now();
  let n = 0;
  // Timers fire late on a busy machine: each tick sends what the rate owes so far.
  const timer = setInterval(() => {
    const owed = Math.floor((performance.now() - started) / WRITE_INTERVAL_MS);
    for (; n < owed; n++) inFlight.push(write(SKUS[n % SKUS.length] as string, randomUUID(), (n % 3) + 1));
  }, WRITE_INTERVAL_MS);
  const stop = new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await during();
    await stop;
  } finally {
    clearInterval(timer);
  }
  const done = await Promise.all(inFlight);
  const refused = done.filter((w) => w.status !== 200);
  console.info(
    `${what}: ${done.length} writes in ${ms} ms, ${refused.length} not 200 (${[...new Set(refused.map((w) => `${w.status} ${w.code}`))].join(', ') || 'none'}), slowest ${Math.round(Math.max(...done.map((w) => w.ms)))} ms`,
  );
  return done;
}

async function readiness(name: 'inventory' | 'pricing') {
  const res = await fetch(`${services[name].url}/ready`, { signal: AbortSignal.timeout(5000) });
  return {
    status: res.status,
    checks: ((await res.json()) as { checks: Record<string, { ok: boolean }> }).checks,
  };
}

async function onHand(sku: string): Promise<{ onHand: number; seq: number }> {
  const res = await fetch(`${services.inventory.url}/v1/skus/${sku}`);
  return (await res.json()) as { onHand: number; seq: number };
}

const admin = () => new pg.Client({ connectionString: server.url() });

(canRun ? describe : describe.skip)('outages under load (each service its own process)', () => {
  const writes: Write[] = [];

  it('creates the SKUs', async () => {
    for (const sku of SKUS) {
      const res = await fetch(`${services.inventory.url}/v1/skus/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ onHand: 0 }),
      });
      expect(res.status).toBe(201);
    }
  });

  it('a failover (every connection terminated at once, three times) costs at most a few 503s, no crash', async () => {
    const done = await underLoad('failover', 4000, async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const client = admin();
        await client.connect();
        const { rowCount } = await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        await client.end();
        expect(rowCount).toBeGreaterThan(0);
      }
    });
    writes.push(...done);
    expect(done.length).toBeGreaterThan(4000 / WRITE_INTERVAL_MS - 10);
    expect(done.filter((w) => w.status !== 200 && w.status !== 503)).toEqual([]);
    for (const name of ['inventory', 'pricing'] as const) expect(services[name].child.exitCode).toBeNull();
  }, 30_000);

  it('a restart: while down, writes answer 503 database_unavailable quickly and /ready says not ready; then it resumes', async () => {
    let during: { inventory: number; pricing: number; writeMs: number; code: string | undefined } | undefined;
    const done = await underLoad('restart', 7000, async () => {
      await new Promise((r) => setTimeout(r, 1000));
      await server.stop();
      await new Promise((r) => setTimeout(r, 1000));
      const probe = await write(SKUS[0] as string, randomUUID(), 1);
      writes.push(probe);
      during = {
        inventory: (await readiness('inventory')).status,
        pricing: (await readiness('pricing')).status,
        writeMs: probe.ms,
        code: probe.code,
      };
      expect(probe.status).toBe(503);
      await new Promise((r) => setTimeout(r, 2000));
      await server.start();
    });
    writes.push(...done);
    expect(during).toMatchObject({ inventory: 503, pricing: 503, code: 'database_unavailable' });
    expect(during?.writeMs).toBeLessThan(1000);
    const refused = done.filter((w) => w.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((w) => w.code === 'database_unavailable')).toBe(true);
    expect(Math.max(...refused.map((w) => w.ms))).toBeLessThan(5000);
    expect(done.filter((w) => w.status !== 200 && w.status !== 503)).toEqual([]);
    // Work resumes by itself: writes succeed again before the load ends.
    expect(done.slice(-50).every((w) => w.status === 200)).toBe(true);
    for (const name of ['inventory', 'pricing'] as const) expect(services[name].child.exitCode).toBeNull();
  }, 30_000);

  it('a queue outage (SQS cut off for 4 s): writes still succeed (the outbox holds the events), /ready says the queue is down', async () => {
    let during: Record<string, { status: number; checks: Record<string, { ok: boolean }> }> = {};
    const done = await underLoad('queue outage', 6000, async () => {
      await new Promise((r) => setTimeout(r, 1000));
      sqsProxy.cut();
      await new Promise((r) => setTimeout(r, 1500));
      during = { inventory: await readiness('inventory'), pricing: await readiness('pricing') };
      await new Promise((r) => setTimeout(r, 2500));
      sqsProxy.restore();
    });
    writes.push(...done);
    for (const name of ['inventory', 'pricing'])
      expect(during[name]).toMatchObject({
        status: 503,
        checks: { database: { ok: true }, queue: { ok: false } },
      });
    expect(done.every((w) => w.status === 200)).toBe(true);
    for (const name of ['inventory', 'pricing'] as const) expect(services[name].child.exitCode).toBeNull();
  }, 30_000);

  it('nothing is lost: each write counted once, every event applied by pricing, outbox and DLQ empty', async () => {
    // A client retries its 503s with the same Idempotency-Key: a write that committed just before its
    // connection died is answered from the stored response, never applied twice.
    for (const w of writes.filter((x) => x.status !== 200)) {
      const retried = await write(w.sku, w.key, w.delta);
      expect(retried.status).toBe(200);
    }
    for (const sku of SKUS) {
      const expected = writes.filter((w) => w.sku === sku).reduce((sum, w) => sum + w.delta, 0);
      const stock = await onHand(sku);
      expect({ sku, onHand: stock.onHand, seq: stock.seq }).toEqual({
        sku,
        onHand: expected,
        seq: writes.filter((w) => w.sku === sku).length + 1,
      });
      const price = await eventually(async () => {
        const res = await fetch(`${services.pricing.url}/v1/prices/${sku}`);
        const body = (await res.json()) as { seq: number; available: number };
        return body.seq === stock.seq ? body : undefined;
      }, 30_000);
      expect(price.available).toBe(expected);
    }
    const client = admin();
    await client.connect();
    const { rows } = await client.query<{ unsent: string }>(
      'SELECT count(*) AS unsent FROM inventory.outbox WHERE sent_at IS NULL',
    );
    await client.end();
    expect(Number(rows[0]?.unsent)).toBe(0);
    expect(await queueDepth(sqs, queueUrls.dlqUrl)).toBe(0);
    const refused = writes.filter((w) => w.status === 503);
    console.info(
      `outages: ${writes.length} writes, ${refused.length} answered 503 (slowest ${Math.round(Math.max(0, ...refused.map((w) => w.ms)))} ms), all applied once after retry`,
    );
    expect((await readiness('inventory')).status).toBe(200);
    expect((await readiness('pricing')).status).toBe(200);
    for (const name of ['inventory', 'pricing'] as const) expect(services[name].child.exitCode).toBeNull();
  }, 90_000);

  it('a service started while the database is down listens, says why it is not ready, and gets ready by itself', async () => {
    services.inventory.child.kill('SIGTERM');
    expect(await exited(services.inventory.child)).toBe(0);
    await server.stop();
    await startService('inventory', env, 'health');
    const down = await readiness('inventory');
    expect(down).toMatchObject({ status: 503, checks: { database: { ok: false, error: 'unavailable' } } });
    const refused = await write('OUT-0', randomUUID(), 1);
    expect({ status: refused.status, code: refused.code }).toEqual({
      status: 503,
      code: 'database_unavailable',
    });

    await server.start();
    await eventually(
      async () => ((await readiness('inventory')).status === 200 ? true : undefined),
      30_000,
      200,
    );
    const before = await onHand('OUT-0');
    expect((await write('OUT-0', randomUUID(), 5)).status).toBe(200);
    // The relay started once the database answered: the event reaches pricing.
    const price = await eventually(async () => {
      const res = await fetch(`${services.pricing.url}/v1/prices/OUT-0`);
      const body = (await res.json()) as { seq: number; available: number };
      return body.seq === before.seq + 1 ? body : undefined;
    }, 30_000);
    expect(price.available).toBe(before.onHand + 5);
    expect(services.pricing.child.exitCode).toBeNull();
  }, 90_000);
});
