// `npm run demo`: the whole flow in a minute. Sets pricing policies for three products, sends a
// burst of realistic inventory changes (stock-takes, reservations, sales, cancellations, deliveries,
// damage) and prints how each price follows its stock, and how long each change took to be priced.
//
// Uses the stack at INVENTORY_URL / PRICING_URL (default http://127.0.0.1:8080 and :8081, i.e.
// `npm start`) with the token in DEV_TOKEN or the file `npm start` wrote (.data/dev-token, or
// STACK_TOKEN_FILE); when that stack is not reachable, starts one itself (free ports, its own token).

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCents } from '../../services/pricing/src/formula.js';
import type { PricingPolicy } from '../../services/pricing/src/policy.js';
import { type Stack, stackOptionsFromEnv, startStack } from './start.js';

const inventoryDefault =
  process.env.INVENTORY_URL ?? `http://127.0.0.1:${process.env.INVENTORY_PORT ?? 8080}`;
const pricingDefault = process.env.PRICING_URL ?? `http://127.0.0.1:${process.env.PRICING_PORT ?? 8081}`;

interface Product {
  label: string;
  sku: string;
  onHand: number;
  policy: PricingPolicy;
}

// A per-run suffix keeps runs apart in a database that persists (.data/pglite).
const run = randomUUID().slice(0, 4).toUpperCase();
const products: Product[] = [
  {
    label: 'T-shirt',
    sku: `TEE-RED-M-${run}`,
    onHand: 30,
    policy: { basePrice: 1900, lowStockThreshold: 12, overstockThreshold: 60, floor: 1500, ceiling: 2600 },
  },
  {
    label: 'Mug',
    sku: `MUG-CLASSIC-${run}`,
    onHand: 14,
    policy: { basePrice: 1200, lowStockThreshold: 10, overstockThreshold: 50, floor: 900, ceiling: 1700 },
  },
  {
    label: 'Desk lamp',
    sku: `LAMP-DESK-${run}`,
    onHand: 110,
    policy: { basePrice: 4500, lowStockThreshold: 5, overstockThreshold: 60, floor: 3200, ceiling: 6000 },
  },
];

/** The fields the demo reads from either API's responses. */
interface ApiBody {
  id?: string;
  seq?: number;
  available?: number;
  price?: number;
  multiplier?: number;
  items?: Array<{ seq: number; cause: string; available: number; price: number }>;
}

/** The bearer token every write sends (reads are open). */
let token = '';

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: ApiBody }> {
  const res = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...(method === 'GET' ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as ApiBody) : {} };
}

async function reachable(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function tokenFile(): string {
  return resolve(import.meta.dirname, '..', '..', process.env.STACK_TOKEN_FILE ?? '.data/dev-token');
}

/** DEV_TOKEN, else the token `npm start` wrote; undefined when neither exists. */
function readDevToken(): string | undefined {
  if (process.env.DEV_TOKEN) return process.env.DEV_TOKEN;
  try {
    return readFileSync(tokenFile(), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A tiny seeded generator, so every run tells the same story. */
function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function main(): Promise<void> {
  let stack: Stack | undefined;
  let inventory = inventoryDefault;
  let pricing = pricingDefault;
  const running = (await reachable(inventory)) && (await reachable(pricing));
  const devToken = running ? readDevToken() : undefined;
  if (running && devToken) token = devToken;
  else {
    console.log(
      running
        ? `A stack is running, but there is no DEV_TOKEN and no ${tokenFile()}: starting another one…`
        : `No stack at ${inventory} and ${pricing}: starting one (first start takes a while)…`,
    );
    const options = stackOptionsFromEnv({ ...process.env, LOG_LEVEL: 'warn' });
    stack = await startStack({
      ...options,
      ports: Object.fromEntries(Object.keys(options.ports).map((name) => [name, 0])),
      entrypointPort: 0,
      pglitePort: 0,
      fauxqsPort: 0,
      idpPort: 0,
      // Its own key pair: leave the token of a running `npm start` alone.
      tokenFile: undefined,
    });
    inventory = stack.url('inventory');
    pricing = stack.url('pricing');
    token = stack.token;
  }
  try {
    await story(inventory, pricing);
  } finally {
    await stack?.stop();
  }
}

async function story(inventory: string, pricing: string): Promise<void> {
  const random = rng(42);
  const held = new Map<string, string[]>(products.map((p) => [p.sku, []]));
  const seqOf = new Map<string, number>();
  const lags: number[] = [];

  console.log(`\nInventory ${inventory}  →  SQS FIFO  →  Pricing ${pricing}\n`);
  console.log('Policies (prices in USD; premium below the low threshold, discount above the overstock one):');
  for (const p of products) {
    const res = await call('PUT', `${pricing}/v1/prices/${p.sku}/policy`, p.policy);
    if (res.status !== 200) throw new Error(`policy for ${p.sku}: ${res.status} ${JSON.stringify(res.json)}`);
    const { basePrice, lowStockThreshold, overstockThreshold, floor, ceiling } = p.policy;
    console.log(
      `  ${p.label.padEnd(10)} ${p.sku.padEnd(18)} base ${formatCents(basePrice)}, low < ${lowStockThreshold}, over > ${overstockThreshold}, ${formatCents(floor)}–${formatCents(ceiling)}`,
    );
  }

  const write = async (sku: string, method: string, path: string, body?: unknown) => {
    const res = await call(method, `${inventory}${path}`, body);
    if (res.status >= 200 && res.status < 300 && res.json?.seq === undefined) {
      // Reservations answer with the reservation; read the SKU for its seq.
      const stock = await call('GET', `${inventory}/v1/skus/${sku}`);
      seqOf.set(sku, stock.json.seq ?? 0);
    } else if (res.json?.seq !== undefined) {
      seqOf.set(sku, res.json.seq);
    }
    return res;
  };

  const rounds: Array<{ what: string; act: () => Promise<string> }> = [
    {
      what: 'stock-take',
      act: async () => {
        for (const p of products) await write(p.sku, 'PUT', `/v1/skus/${p.sku}/stock`, { onHand: p.onHand });
        return 'stock-take: 30 tees, 14 mugs, 110 lamps';
      },
    },
  ];
  for (let i = 1; i <= 9; i += 1) {
    rounds.push({
      what: 'orders',
      act: async () => {
        const notes: string[] = [];
        for (const p of products) {
          const orders = 1 + Math.floor(random() * 3);
          let ok = 0;
          let refused = 0;
          for (let o = 0; o < orders; o += 1) {
            const quantity = 1 + Math.floor(random() * (p.label === 'Desk lamp' ? 12 : 3));
            const res = await write(p.sku, 'POST', '/v1/reservations', {
              sku: p.sku,
              quantity,
              orderId: `demo-${run}-${i}-${o}`,
            });
            if (res.status === 201) {
              ok += 1;
              if (res.json.id) held.get(p.sku)?.push(res.json.id);
            } else refused += 1;
          }
          // Some earlier holds are paid (commit), a few abandoned carts are released.
          const holds = held.get(p.sku) ?? [];
          if (holds.length > 2) {
            const id = holds.shift() as string;
            await write(p.sku, 'POST', `/v1/reservations/${id}/${random() < 0.75 ? 'commit' : 'release'}`);
          }
          if (refused > 0) notes.push(`${p.label.toLowerCase()} sold out (${refused} refused)`);
          else if (ok > 0 && p.label === 'Mug' && i === 3) notes.push('mug flash sale');
        }
        if (i === 5) {
          const lamp = products[2] as Product;
          await write(lamp.sku, 'POST', `/v1/skus/${lamp.sku}/adjustments`, {
            delta: -15,
            reason: 'damaged',
          });
          notes.push('15 lamps damaged');
        }
        if (i === 7) {
          const mug = products[1] as Product;
          await write(mug.sku, 'POST', `/v1/skus/${mug.sku}/adjustments`, { delta: 40, reason: 'received' });
          notes.push('delivery: +40 mugs');
        }
        return `${notes.length ? notes.join(', ') : 'orders placed, some paid or cancelled'}`;
      },
    });
  }

  const cols = products.map((p) => p.label.padStart(18));
  console.log(`\n  ${'t'.padStart(5)}  ${cols.join('')}   lag   what happened`);
  console.log(
    `  ${'-'.repeat(5)}  ${'-'.repeat(18 * products.length)}   ${'-'.repeat(5)}   ${'-'.repeat(30)}`,
  );
  const started = Date.now();
  for (const round of rounds) {
    const what = await round.act();
    const wrote = Date.now();
    // Wait until pricing has applied each SKU's newest change: the end-to-end flow.
    const prices = [];
    for (const p of products) {
      for (;;) {
        const res = await call('GET', `${pricing}/v1/prices/${p.sku}`);
        if (res.status === 200 && (res.json.seq ?? 0) >= (seqOf.get(p.sku) ?? 0)) {
          prices.push(res.json);
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const lag = Date.now() - wrote;
    lags.push(lag);
    const cells = prices.map((price) =>
      `${String(price.available).padStart(4)} @ ${formatCents(price.price ?? 0).padStart(6)}${(price.multiplier ?? 1) > 1 ? '↑' : (price.multiplier ?? 1) < 1 ? '↓' : ' '}`.padStart(
        18,
      ),
    );
    const t = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`  ${t.padStart(5)}  ${cells.join('')}  ${String(lag).padStart(4)}ms  ${what}`);
    await new Promise((r) => setTimeout(r, 400));
  }

  const mug = products[1] as Product;
  const history = await call('GET', `${pricing}/v1/prices/${mug.sku}/history?limit=5`);
  console.log(
    `\n  Cells are "available @ price" (↑ scarcity premium, ↓ overstock discount). Lag: write → new price readable.`,
  );
  console.log(`  Last price changes of ${mug.sku} (GET /v1/prices/${mug.sku}/history):`);
  for (const h of history.json.items ?? []) {
    console.log(
      `    seq ${String(h.seq).padStart(3)}  ${h.cause.padEnd(6)}  available ${String(h.available).padStart(3)}  →  ${formatCents(h.price)}`,
    );
  }
  const sorted = [...lags].sort((a, b) => a - b);
  console.log(
    `\n  ${rounds.length} rounds, lag median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms.`,
  );
  console.log(`  More: ${pricing}/metrics (pricing_events_*), ${inventory}/v1/skus/${mug.sku}/history\n`);
}

await main();
