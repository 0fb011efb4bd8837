// Every metric the dashboard and the alert rules read is one the services really export: inventory,
// pricing and orders are bundled as their images run them (services/build.mjs), started against the real
// PostgreSQL and fauxqs, and scraped. Metrics from other exporters are listed by name, with their source.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { createDevIssuer } from '../../../services/lib/src/dev-auth.js';
import { createTestDatabase, type TestDatabase } from '../../../services/lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../../services/lib/test-support/fauxqs.js';
import { eventually, freePort, ready } from '../../../services/lib/test-support/processes.js';
import { MONITORING_DIR } from '../layout.js';
import { exposes, metricNames } from '../promql.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const MONITORING = join(repoRoot, MONITORING_DIR);
/** Metrics the services do not export, and who does. */
const OTHER_EXPORTERS: Record<string, string> = {
  kube_pod_container_status_restarts_total: 'kube-state-metrics (kube-prometheus-stack)',
};

function usedMetrics(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const note = (expr: string, where: string) => {
    for (const name of metricNames(expr)) used.set(name, [...(used.get(name) ?? []), where]);
  };
  const rules = parse(readFileSync(join(MONITORING, 'alerts.yaml'), 'utf8'));
  for (const group of rules.spec.groups)
    for (const rule of group.rules) note(rule.expr, `alert ${rule.alert}`);
  const dashboard = JSON.parse(readFileSync(join(MONITORING, 'dashboard.json'), 'utf8'));
  for (const panel of dashboard.panels)
    for (const target of panel.targets) note(target.expr, `panel "${panel.title}"`);
  return used;
}

let dir: string;
let db: TestDatabase;
let queue: TestQueue;
const children: ChildProcess[] = [];
const scraped: Record<string, string> = {};

async function startService(
  name: 'inventory' | 'pricing' | 'orders',
  env: Record<string, string>,
): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(dir, name, 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`))),
  );
  exited.catch(() => undefined); // once ready, the exit at the end is expected
  await Promise.race([eventually(async () => ((await ready(url)) ? true : undefined), 20_000, 100), exited]);
  return url;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-metrics-'));
  const build = (name: string) =>
    promisify(execFile)(process.execPath, [
      join(repoRoot, 'services/build.mjs'),
      name,
      '--outdir',
      join(dir, name),
    ]);
  const issuer = await createDevIssuer();
  [db, queue] = await Promise.all([
    createTestDatabase({ prefix: 'gitops_metrics' }),
    startFauxqs({ name: `gitops-metrics-${Date.now()}` }),
    build('inventory'),
    build('pricing'),
    build('orders'),
  ]);
  const env = {
    DATABASE_URL: db.url,
    SQS_ENDPOINT: queue.endpoint,
    SQS_QUEUE_URL: queue.queueUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CONSUMER_WAIT_SECONDS: '1',
    ...issuer.env,
  };
  // One after the other: both run their migrations on the same database.
  const inventory = await startService('inventory', env);
  const pricing = await startService('pricing', env);
  // orders asks for a token only when it calls inventory, which no request here makes.
  const orders = await startService('orders', {
    ...env,
    INVENTORY_URL: inventory,
    PRICING_URL: pricing,
    OAUTH_TOKEN_URL: 'http://127.0.0.1:9/token',
    OAUTH_CLIENT_ID: 'orders',
    OAUTH_CLIENT_SECRET: 'unused',
  });
  // A request each, so the latency histogram has samples with its labels.
  await fetch(`${inventory}/v1/skus/gitops-metrics`);
  await fetch(`${pricing}/v1/prices/gitops-metrics`);
  for (const [name, url] of Object.entries({ inventory, pricing, orders }))
    scraped[name] = await (await fetch(`${url}/metrics`)).text();
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(0) : c.once('exit', r)))),
  );
  await queue?.stop();
  await db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard and the alert rules', () => {
  it('read only metrics the running services export (or a named other exporter)', () => {
    const used = usedMetrics();
    expect(used.size).toBeGreaterThanOrEqual(8);
    const text = Object.values(scraped).join('\n');
    const missing = [...used]
      .filter(([name]) => !(name in OTHER_EXPORTERS) && !exposes(text, name))
      .map(([name, where]) => `${name} (${where.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('select on labels the services really set', () => {
    expect(scraped.pricing).toMatch(/^pricing_queue_backlog_messages\{[^}]*state="visible"/m);
    const sample = scraped.inventory
      ?.split('\n')
      .find(
        (l) => l.startsWith('http_request_duration_seconds_bucket{') && l.includes('route="/v1/skus/:sku"'),
      );
    expect(sample).toContain('service="inventory"');
  });
});
