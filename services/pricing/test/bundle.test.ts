// The container's contents, without Docker: the esbuild bundle (services/build.mjs) with its
// migrations, run from a folder with no node_modules, must start, be ready, and stop with exit 0 on
// SIGTERM. (The images themselves run under podman: scripts/images/test/images-run.test.ts.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';
import { bundleService, exited, logLine } from '../../lib/test-support/processes.js';
import { pricingTestEnv } from './harness.js';

let dir: string;
let db: TestDatabase;
let queue: TestQueue;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pricing-image-'));
  [db, queue] = await Promise.all([
    createTestDatabase({ prefix: 'pricing_bundle' }),
    startFauxqs({ name: `b${Date.now()}` }),
    bundleService('pricing', dir),
  ]);
});
afterAll(async () => {
  await queue?.stop();
  await db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('pricing bundle (what the image runs)', () => {
  it('starts from a folder without node_modules, is ready, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['main.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...pricingTestEnv(db, queue, { CONSUMER_WAIT_SECONDS: '1' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const code = exited(child);
    const port = await logLine(child, (line) =>
      line.includes('"msg":"listening"') ? (JSON.parse(line) as { port: number }).port : undefined,
    );
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });

  it('refuses to start with a clear message when required configuration is missing', async () => {
    const child = spawn(process.execPath, ['main.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, PORT: 'x' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    expect(await exited(child)).toBe(2); // the exit code of a bad environment, as inventory's
    expect(stderr).toContain('DATABASE_URL: is required');
    expect(stderr).toContain('SQS_QUEUE_URL: is required');
    expect(stderr).toContain('PORT: ');
  });
});
