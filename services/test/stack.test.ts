// `npm start` as a user runs it (scripts/stack/start.ts in its own process, embedded PGlite and fauxqs, each
// service its own child process): banner with a dev token that writes need, both services ready, the
// flow works, SIGINT stops everything (exit 0, no listener, no service process left), a restart on
// the same data folder keeps the data, and a service killed under it is started again after a backoff. (The embedded database alone under concurrent
// parameterised queries: services/lib/test/pglite-server.test.ts.)
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  portVariable,
  stackOptionsFromEnv,
  startStack as startStackInProcess,
} from '../../scripts/stack/start.js';
import { type Catalogue, loadCatalogue } from '../lib/catalogue/catalogue.js';
import { createTestDatabase } from '../lib/test-support/database.js';
import { startFauxqs } from '../lib/test-support/fauxqs.js';
import { eventually, exited, freePort, listening, ready, spawnTs } from '../lib/test-support/processes.js';

let dataDir: string;
const catalogue = loadCatalogue();
/** A free port per declared service (`<SERVICE>_PORT`) and per embedded server. */
let ports: Record<string, number> & {
  INVENTORY_PORT: number;
  PRICING_PORT: number;
  ENTRYPOINT_PORT: number;
  PGLITE_PORT: number;
  FAUXQS_PORT: number;
  IDP_PORT: number;
};
let child: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stack-data-'));
  const names = [
    ...catalogue.names.map(portVariable),
    'ENTRYPOINT_PORT',
    'PGLITE_PORT',
    'FAUXQS_PORT',
    'IDP_PORT',
  ];
  const free = await Promise.all(names.map(() => freePort()));
  ports = Object.fromEntries(names.map((name, i) => [name, free[i]])) as typeof ports;
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the stack; resolves with its output once the banner is printed. */
async function startStack(): Promise<{ child: ChildProcess; output: () => string }> {
  const env = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
  const started = spawnTs('scripts/stack/start.ts', {
    ...env,
    STACK_DATA_DIR: dataDir,
    STACK_TOKEN_FILE: join(dataDir, 'dev-token'),
    LOG_LEVEL: 'warn',
  });
  let output = '';
  started.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  started.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await eventually(async () => {
    if (started.exitCode !== null) throw new Error(`stack exited with ${started.exitCode}:\n${output}`);
    return output.includes('local stack is up') ? true : undefined;
  }, 75_000);
  return { child: started, output: () => output };
}

/** Each service's pid, from the banner's `  <name>  <url>   (pid <n>; ...)` lines. */
function pidsOf(output: string): Record<string, number> {
  return Object.fromEntries(
    [...output.matchAll(/^ {2}(\S+)\s+http:\S+\s+\(pid (\d+);/gm)].map((m) => [m[1], Number(m[2])]),
  );
}

/** The catalogue with only `names` (a stack given one SQS_QUEUE_URL runs services of one queue). */
function only(all: Catalogue, names: readonly string[]): Catalogue {
  const services = all.services.filter((s) => names.includes(s.name));
  return {
    ...all,
    services,
    names: services.map((s) => s.name),
    queueIds: [...new Set(services.flatMap((s) => s.queues.map((q) => q.id)))].sort(),
    get: (name) => {
      if (!names.includes(name)) throw new Error(`not in this catalogue: ${name}`);
      return all.get(name);
    },
  };
}

/** Whether a process exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const inventory = () => `http://127.0.0.1:${ports.INVENTORY_PORT}`;
const entrypoint = () => `http://127.0.0.1:${ports.ENTRYPOINT_PORT}`;
const pricing = () => `http://127.0.0.1:${ports.PRICING_PORT}`;

describe('npm start (scripts/stack/start.ts)', () => {
  it('starts everything with a banner, stops cleanly on SIGINT, keeps the data across a restart, and restarts a crashed service', async () => {
    const first = await startStack();
    child = first.child;
    expect(first.output()).toContain(inventory());
    expect(first.output()).toContain(pricing());
    // The local identity provider is every service's issuer: its discovery document names it.
    const issuer = `http://127.0.0.1:${ports.IDP_PORT}`;
    expect(first.output()).toContain(`identity    ${issuer}`);
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(issuer);
    expect(await ready(inventory())).toBe(true);
    expect(await ready(pricing())).toBe(true);
    // Each declared service is its own process, not the stack's.
    const pids = Object.values(pidsOf(first.output()));
    expect(Object.keys(pidsOf(first.output()))).toEqual(catalogue.names);
    expect(pids).not.toContain(first.child.pid);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    // The banner's token is the one written to the token file, and writes need it.
    const token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
    expect(first.output()).toContain(token);
    const put = (auth: string | undefined) =>
      fetch(`${inventory()}/v1/skus/STACK-1/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ onHand: 3 }),
      });
    expect((await put(undefined)).status).toBe(401);
    expect((await put(`Bearer ${token}`)).status).toBe(201);
    const policy = await fetch(`${pricing()}/v1/prices/STACK-1/policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        basePrice: 1,
        lowStockThreshold: 1,
        overstockThreshold: 2,
        floor: 1,
        ceiling: 1,
      }),
    });
    expect(policy.status).toBe(401);
    const price = await eventually(async () => {
      const res = await fetch(`${pricing()}/v1/prices/STACK-1`);
      return res.status === 200 ? ((await res.json()) as { seq: number; price: number }) : undefined;
    }, 15_000);
    expect(price).toMatchObject({ seq: 1, price: 1350 }); // default policy, 3 available: +35 %

    // The entrypoint comes first in the banner, and routes by the declarations' x-routes as the dev Ingress:
    // the storefront's page at /, the APIs at their prefixes, on one origin.
    const banner = first.output().slice(first.output().indexOf('local stack is up'));
    expect(banner.split('\n')[2]).toBe(`  Storefront: ${entrypoint()}/`);
    const page = await fetch(`${entrypoint()}/`);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<title>Shop</title>')]);
    expect(await (await fetch(`${entrypoint()}/v1/skus/STACK-1`)).json()).toMatchObject({ sku: 'STACK-1' });
    expect(await (await fetch(`${entrypoint()}/v1/prices/STACK-1`)).json()).toMatchObject({ price: 1350 });

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
    for (const pid of pids) expect(alive(pid)).toBe(false);

    const second = await startStack();
    child = second.child;
    const stock = await (await fetch(`${inventory()}/v1/skus/STACK-1`)).json();
    expect(stock).toMatchObject({ onHand: 3, seq: 1 });
    const kept = await (await fetch(`${pricing()}/v1/prices/STACK-1`)).json();
    expect(kept).toMatchObject({ seq: 1, price: 1350 });

    // A service that dies is started again (with backoff), and the stack says so; the data is still there.
    const byName = pidsOf(second.output());
    const secondPids = Object.values(byName);
    const killedAt = Date.now();
    process.kill(byName.pricing as number, 'SIGKILL');
    const restarted = await eventually(async () => {
      const line = second
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; pid?: number; service?: string })
        .find((entry) => entry.service === 'pricing' && entry.msg?.startsWith('pricing restarted'));
      return line?.pid;
    }, 30_000);
    expect(second.output()).toMatch(/pricing exited \(SIGKILL\): restarting it in 1000 ms/);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1000); // the backoff was waited
    expect(restarted).not.toBe(byName.pricing);
    expect(alive(restarted)).toBe(true);
    expect(alive(byName.inventory as number)).toBe(true); // inventory untouched
    expect(child.exitCode).toBeNull();
    expect(await ready(pricing())).toBe(true);
    expect(await (await fetch(`${pricing()}/v1/prices/STACK-1`)).json()).toMatchObject({
      seq: 1,
      price: 1350,
    });

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
    for (const pid of [...secondPids, restarted]) expect(alive(pid)).toBe(false);
  }, 120_000);

  it('uses DATABASE_URL and SQS_ENDPOINT + SQS_QUEUE_URL instead of starting embedded servers', async () => {
    // One SQS_QUEUE_URL is one queue: the services of inventory-events.
    const twoServices = only(catalogue, ['inventory', 'pricing']);
    const [db, queue] = await Promise.all([
      createTestDatabase({ prefix: 'stack_ext' }),
      startFauxqs({ name: `ext${Date.now()}` }),
    ]);
    const options = stackOptionsFromEnv(
      {
        LOG_LEVEL: 'silent',
        INVENTORY_PORT: '0',
        PRICING_PORT: '0',
        ENTRYPOINT_PORT: '0',
        // Ports an embedded server would take; nothing may listen there.
        PGLITE_PORT: String(ports.PGLITE_PORT),
        FAUXQS_PORT: String(ports.FAUXQS_PORT),
        DATABASE_URL: db.url,
        SQS_ENDPOINT: queue.endpoint,
        SQS_QUEUE_URL: queue.queueUrl,
      },
      twoServices,
    );
    const stack = await startStackInProcess(options);
    try {
      expect(stack.embedded).toEqual({ database: false, queue: false });
      expect(await listening(ports.PGLITE_PORT)).toBe(false);
      expect(await listening(ports.FAUXQS_PORT)).toBe(false);
      const put = await fetch(`${stack.url('inventory')}/v1/skus/EXT-1/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
        body: JSON.stringify({ onHand: 500 }),
      });
      expect(put.status).toBe(201);
      const price = await eventually(async () => {
        const res = await fetch(`${stack.url('pricing')}/v1/prices/EXT-1`);
        return res.status === 200 ? ((await res.json()) as { seq: number; price: number }) : undefined;
      }, 15_000);
      expect(price).toMatchObject({ seq: 1, price: 700 }); // default policy, far above overstock: −30 %
    } finally {
      await stack.stop();
      await queue.stop();
      await db.cleanup();
    }
  });
});
