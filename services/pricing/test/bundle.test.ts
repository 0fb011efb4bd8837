// The container's contents, without Docker: the esbuild bundle plus the migrations, run from a
// folder with no node_modules, must start, be ready, and stop with exit 0 on SIGTERM.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../lib/src/testing/database.js';
import { startFauxqs, type TestQueue } from '../../lib/src/testing/fauxqs.js';

const serviceDir = join(import.meta.dirname, '..');
let dir: string;
let db: TestDatabase;
let queue: TestQueue;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pricing-image-'));
  await promisify(execFile)(process.execPath, [join(serviceDir, 'build.mjs'), join(dir, 'dist', 'main.js')]);
  cpSync(join(serviceDir, 'migrations'), join(dir, 'migrations'), { recursive: true });
  [db, queue] = await Promise.all([
    createTestDatabase({ prefix: 'pricing_bundle' }),
    startFauxqs({ name: `b${Date.now()}` }),
  ]);
});
afterAll(async () => {
  await queue?.stop();
  await db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the port from the "pricing started" log line. */
function startedPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n')) {
        if (line.includes('"pricing started"')) resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
  });
}

describe('pricing bundle (what the image runs)', () => {
  it('the Dockerfile is multi-stage, runs as a non-root user and ships only the bundle and migrations', () => {
    const dockerfile = readFileSync(join(serviceDir, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBe(2);
    const runtime = stages[1] as string;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.match(/^COPY .*$/gm)).toEqual(['COPY --from=build --chown=root:root /out/ ./']);
    expect(stages[0]).toContain('build.mjs /out/dist/main.js');
    expect(stages[0]).toContain('/out/migrations');
    expect(runtime).toContain('CMD ["node", "dist/main.js"]');
  });

  it('starts from a folder without node_modules, is ready, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        SQS_ENDPOINT: queue.endpoint,
        SQS_QUEUE_URL: queue.queueUrl,
        CONSUMER_WAIT_SECONDS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = await startedPort(child);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start with a clear message when required configuration is missing', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, PORT: 'x' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('DATABASE_URL: is required');
    expect(stderr).toContain('SQS_QUEUE_URL: is required');
    expect(stderr).toContain('PORT: ');
  });
});
