import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseStockChanged } from '../../lib/src/events.js';
import { bearer, createDevIssuer } from '../../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';
import { bundleService, exited, logLine } from '../../lib/test-support/processes.js';
import { loadInventoryConfig } from '../src/config.js';
import { startInventory } from '../src/service.js';
import { call, drainQueue, silentLogger } from './harness.js';

/** The URL from the process's "listening" JSON log line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return logLine(child, (line) => {
    const entry = line.startsWith('{') ? (JSON.parse(line) as { msg?: string; url?: string }) : {};
    return entry.msg === 'listening' ? entry.url : undefined;
  });
}

describe('starting inventory', () => {
  let db: TestDatabase;
  let queue: TestQueue;
  let env: Record<string, string>;
  let auth: Record<string, string>;
  beforeAll(async () => {
    const issuer = await createDevIssuer();
    auth = bearer(await issuer.sign({ scopes: ['inventory:write'] }));
    db = await createTestDatabase({ prefix: 'inventory_svc' });
    queue = await startFauxqs();
    env = {
      DATABASE_URL: db.url,
      SQS_QUEUE_URL: queue.queueUrl,
      SQS_ENDPOINT: queue.endpoint,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...issuer.env,
    };
  });
  afterAll(async () => {
    await queue.stop();
    await db.cleanup();
  });

  it('in-process: migrates, serves, relays a change to SQS promptly, and stops cleanly', async () => {
    const service = await startInventory(loadInventoryConfig(env), { logger: silentLogger });
    const put = await call(
      service.url,
      'PUT',
      '/v1/skus/SVC-1/stock',
      { onHand: 3 },
      { 'x-correlation-id': 'svc-1', ...auth },
    );
    expect(put.status).toBe(201);
    let messages: Awaited<ReturnType<typeof drainQueue>> = [];
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      messages = await drainQueue(queue);
      if (messages.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(messages).toHaveLength(1);
    const event = parseStockChanged(messages[0]?.body ?? '');
    expect(event).toMatchObject({
      subject: 'SVC-1',
      correlationid: 'svc-1',
      data: { onHand: 3, seq: 1, reason: 'set' },
    });
    await service.stop();
    await service.stop(); // idempotent
    expect(service.pool.totalCount).toBe(0);
  });

  it('the esbuild bundle (the Dockerfile build step) starts from a folder without node_modules, serves and exits 0 on SIGTERM', async () => {
    const out = await mkdtemp(join(tmpdir(), 'inventory-bundle-'));
    try {
      await bundleService('inventory', out);
      const child = spawn(process.execPath, ['main.js'], {
        cwd: out, // no node_modules here or above: everything must be in the bundle
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const code = exited(child);
      const url = await listeningUrl(child);
      expect((await call(url, 'GET', '/health')).status).toBe(200);
      expect((await call(url, 'GET', '/ready')).status).toBe(200);
      expect((await call(url, 'GET', '/v1/skus/SVC-1')).body.onHand).toBe(3);
      child.kill('SIGTERM');
      expect(await code).toBe(0);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
