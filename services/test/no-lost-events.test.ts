// Inventory as its own process, killed with SIGKILL at random moments while clients write, and
// restarted; pricing consumes the same queue. Every committed change must reach pricing exactly once
// in effect and in order per SKU: pricing's applied seqs per SKU are exactly 1..n, each with the
// available stock inventory recorded for that seq, and the final state equals inventory's.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createDevIssuer, type DevIssuer } from '../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../lib/test-support/fauxqs.js';
import { eventually, exited, freePort, ready, spawnTs } from '../lib/test-support/processes.js';
import type { RunningPricing } from '../pricing/src/service.js';
import { startTestPricing } from '../pricing/test/harness.js';

const SKUS = ['NL-A', 'NL-B', 'NL-C', 'NL-D', 'NL-E', 'NL-F'];
const KILLS = 4;
const HISTORY_PAGE = 10;

let db: TestDatabase;
let queue: TestQueue;
let pricing: RunningPricing;
let inventory: ChildProcess | undefined;
let inventoryUrl: string;
let port: number;
let issuer: DevIssuer;
let auth: Record<string, string>;

async function startInventory(): Promise<ChildProcess> {
  const child = spawnTs('services/inventory/src/main.ts', {
    DATABASE_URL: db.url,
    SQS_ENDPOINT: queue.endpoint,
    SQS_QUEUE_URL: queue.queueUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    DB_POOL_SIZE: '8',
    ...issuer.env,
  });
  child.stdout?.resume();
  child.stderr?.resume();
  await eventually(async () => ((await ready(inventoryUrl)) ? true : undefined), 30_000);
  return child;
}

beforeAll(async () => {
  issuer = await createDevIssuer();
  auth = bearer(await issuer.sign({ scopes: ['inventory:write'] }));
  [db, queue, port] = await Promise.all([
    createTestDatabase({ prefix: 'svc_nolost' }),
    startFauxqs({ name: `nolost${Date.now()}` }),
    freePort(),
  ]);
  inventoryUrl = `http://127.0.0.1:${port}`;
  pricing = await startTestPricing(db, queue, { env: { CONSUMER_WAIT_SECONDS: '1' } });
  inventory = await startInventory();
}, 60_000);

afterAll(async () => {
  if (inventory && inventory.exitCode === null) {
    inventory.kill('SIGTERM');
    await exited(inventory);
  }
  await pricing?.stop();
  await queue?.stop();
  await db?.cleanup();
});

interface Committed {
  sku: string;
  status: number;
}

/** One client: random writes against random SKUs until `stop()` is true; returns the 2xx responses. */
async function client(id: number, stop: () => boolean): Promise<Committed[]> {
  const committed: Committed[] = [];
  const holds: Array<{ sku: string; id: string }> = [];
  let n = 0;
  while (!stop()) {
    n += 1;
    const sku = SKUS[Math.floor(Math.random() * SKUS.length)] as string;
    const roll = Math.random();
    let request: { method: string; path: string; body?: unknown; sku: string };
    if (roll < 0.15)
      request = {
        method: 'PUT',
        path: `/v1/skus/${sku}/stock`,
        body: { onHand: 20 + Math.floor(Math.random() * 60) },
        sku,
      };
    else if (roll < 0.35)
      request = {
        method: 'POST',
        path: `/v1/skus/${sku}/adjustments`,
        body: { delta: 5, reason: 'received' },
        sku,
      };
    else if (roll < 0.75 || holds.length === 0)
      request = {
        method: 'POST',
        path: '/v1/reservations',
        body: { sku, quantity: 1 + (n % 3), orderId: `c${id}-${n}` },
        sku,
      };
    else {
      const hold = holds.splice(Math.floor(Math.random() * holds.length), 1)[0] as {
        sku: string;
        id: string;
      };
      request = {
        method: 'POST',
        path: `/v1/reservations/${hold.id}/${roll < 0.9 ? 'commit' : 'release'}`,
        sku: hold.sku,
      };
    }
    try {
      const res = await fetch(`${inventoryUrl}${request.path}`, {
        method: request.method,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json()) as { id?: string };
      if (res.ok) {
        committed.push({ sku: request.sku, status: res.status });
        if (request.path === '/v1/reservations' && body.id) holds.push({ sku: request.sku, id: body.id });
      }
    } catch {
      // Inventory is down (killed): the change may or may not have committed; the final check covers both.
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return committed;
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

/**
 * A SKU's whole history, oldest last, read page by page as a client must (a SKU may see more changes
 * than any one page holds: a single `limit=200` read once lost the oldest seqs under `jest --coverage`).
 * A small page keeps the paging exercised on every run.
 */
async function readHistory(
  sku: string,
): Promise<{ items: Array<{ seq: number; available: number }>; pages: number }> {
  const items: Array<{ seq: number; available: number }> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: Array<{ seq: number; available: number }>; nextCursor: string | null } = await json(
      `${inventoryUrl}/v1/skus/${sku}/history?limit=${HISTORY_PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

describe('no lost events across inventory crashes', () => {
  it('every committed change reaches pricing exactly once in effect and in order per SKU', async () => {
    // Seed every SKU so reservations have stock from the start.
    for (const sku of SKUS) {
      const res = await fetch(`${inventoryUrl}/v1/skus/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ onHand: 50 }),
      });
      expect(res.ok).toBe(true);
    }
    let done = false;
    const clients = Promise.all([1, 2, 3, 4].map((id) => client(id, () => done)));

    let kills = 0;
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1500));
      const victim = inventory as ChildProcess;
      victim.kill('SIGKILL');
      expect(await exited(victim)).toBe('SIGKILL');
      kills += 1;
      inventory = await startInventory();
    }
    await new Promise((r) => setTimeout(r, 1000));
    done = true;
    const committed = (await clients).flat();
    let pages = 0;
    expect(committed.length).toBeGreaterThan(50);

    for (const sku of SKUS) {
      const stock = await json<{ onHand: number; reserved: number; available: number; seq: number }>(
        `${inventoryUrl}/v1/skus/${sku}`,
      );
      // Pricing catches up with inventory's final seq...
      const price = await eventually(async () => {
        const p = await pricing.store.getPrice(sku);
        return p && p.seq >= stock.seq ? p : undefined;
      }, 20_000);
      expect({ sku, seq: price.seq, available: price.available }).toEqual({
        sku,
        seq: stock.seq,
        available: stock.available,
      });

      // ...having applied every seq exactly once, in order, with the state inventory committed for it.
      const inventoryHistory = await readHistory(sku);
      pages += inventoryHistory.pages;
      const pricingHistory = await pricing.store.history(sku, 1000);
      const applied = pricingHistory.items
        .filter((h) => h.cause === 'stock')
        .reverse()
        .map((h) => [h.seq, h.available]);
      const expected = inventoryHistory.items.reverse().map((h) => [h.seq, h.available]);
      expect(inventoryHistory.items).toHaveLength(stock.seq);
      expect(applied).toEqual(expected);
      expect(expected.map(([seq]) => seq)).toEqual(Array.from({ length: stock.seq }, (_, i) => i + 1));
    }
    // Paging was exercised: more changes per SKU than one page holds.
    expect(pages).toBeGreaterThan(SKUS.length);
    // Every 2xx was counted against a SKU that pricing now mirrors.
    expect(new Set(committed.map((c) => c.sku)).size).toBe(SKUS.length);
  }, 60_000);
});
