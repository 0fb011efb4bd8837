// Aurora asks `sslmode=verify-full`: the bundle carries the RDS CAs (pinned SHA-256) and the services
// trust DATABASE_CA_FILE, or those by default. Proven on a PostgreSQL cluster of the test's own,
// serving TLS with a certificate from a CA made here: the right CA is accepted (writes flow to pricing),
// a wrong one is refused with `tls_rejected` on /ready and a log line naming the certificate problem,
// and the bundle as built by services/build.mjs (the same bundling as image-publish's) carries the RDS CAs.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadInventoryConfig } from '../inventory/src/config.js';
import { startInventory } from '../inventory/src/service.js';
import { ConfigError } from '../lib/src/config.js';
import { createLogger } from '../lib/src/logger.js';
import { RDS_CA_BUNDLE_SHA256, RDS_CA_SOURCE, rdsCaBundle } from '../lib/src/rds-ca-bundle.js';
import { bearer, createDevIssuer } from '../lib/test-support/auth.js';
import {
  issueServerCertificate,
  type KeyAndCertificate,
  selfSignedCertificate,
} from '../lib/test-support/certificates.js';
import { startFauxqs, type TestQueue } from '../lib/test-support/fauxqs.js';
import {
  canStartPrivatePostgres,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../lib/test-support/private-postgres.js';
import { bundleService, eventually, exited, logLine } from '../lib/test-support/processes.js';
import { loadPricingConfig } from '../pricing/src/config.js';
import { startPricing } from '../pricing/src/service.js';

const canRun = canStartPrivatePostgres('database-tls');

let dir: string;
let server: PrivatePostgres;
let queue: TestQueue;
let goodCa: KeyAndCertificate;
let wrongCa: KeyAndCertificate;
let issuer: Awaited<ReturnType<typeof createDevIssuer>>;

beforeAll(async () => {
  if (!canRun) return;
  dir = mkdtempSync(join(tmpdir(), 'database-tls-'));
  goodCa = selfSignedCertificate(dir, 'good-ca', 'good test CA', { ca: true });
  wrongCa = selfSignedCertificate(dir, 'wrong-ca', 'wrong test CA', { ca: true });
  // The certificate names `localhost`: verify-full checks the host name, so the URL uses it.
  server = await startPrivatePostgres({ tls: issueServerCertificate(goodCa, dir, 'server', 'localhost') });
  queue = await startFauxqs({ name: `tls${Date.now()}` });
  issuer = await createDevIssuer();
}, 60_000);
afterAll(async () => {
  await queue?.stop();
  await server?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verifyFullUrl = () => `${server.url('localhost')}?sslmode=verify-full`;
const baseEnv = () => ({
  DATABASE_URL: verifyFullUrl(),
  SQS_QUEUE_URL: queue.queueUrl,
  SQS_ENDPOINT: queue.endpoint,
  PORT: '0',
  HOST: '127.0.0.1',
  ...issuer.env,
});

/** A logger whose JSON lines are kept. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    name: 'test',
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

async function readyBody(url: string) {
  const res = await fetch(`${url}/ready`);
  return {
    status: res.status,
    body: (await res.json()) as { checks: Record<string, { ok: boolean; error?: string }> },
  };
}

(canRun ? describe : describe.skip)('sslmode=verify-full against a TLS PostgreSQL', () => {
  it('the right CA (DATABASE_CA_FILE) is accepted: both services are ready and an event flows over TLS', async () => {
    const env = { ...baseEnv(), DATABASE_CA_FILE: goodCa.certPath };
    const inventory = await startInventory(loadInventoryConfig(env), { logger: capture().logger });
    const pricing = await startPricing(loadPricingConfig(env), { logger: capture().logger });
    try {
      expect((await readyBody(inventory.url)).status).toBe(200);
      expect((await readyBody(pricing.url)).status).toBe(200);
      const { rows } = await inventory.pool.query<{ ssl: boolean }>(
        'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      expect(rows[0]?.ssl).toBe(true);
      const put = await fetch(`${inventory.url}/v1/skus/TLS-1/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(await issuer.sign()) },
        body: JSON.stringify({ onHand: 3 }),
      });
      expect(put.status).toBe(201);
      const price = await eventually(async () => {
        const res = await fetch(`${pricing.url}/v1/prices/TLS-1`);
        return res.status === 200 ? ((await res.json()) as { seq: number }) : undefined;
      }, 15_000);
      expect(price.seq).toBe(1);
    } finally {
      await pricing.stop();
      await inventory.stop();
    }
  }, 60_000);

  it('a wrong CA is refused: the service listens, /ready says tls_rejected, writes get 503, the log names the certificate problem', async () => {
    const { logger, lines } = capture();
    const inventory = await startInventory(
      loadInventoryConfig({ ...baseEnv(), DATABASE_CA_FILE: wrongCa.certPath }),
      { logger },
    );
    try {
      const ready = await readyBody(inventory.url);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toEqual({ ok: false, error: 'tls_rejected' });
      const put = await fetch(`${inventory.url}/v1/skus/TLS-2/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(await issuer.sign()) },
        body: JSON.stringify({ onHand: 3 }),
      });
      expect(put.status).toBe(503);
      expect(((await put.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
      const logged = lines.find((l) => l.msg === 'readiness check failed' && l.check === 'database');
      expect(logged?.detail).toMatch(/certificate/i);
      expect(logged?.reason).toBe('tls_rejected');
    } finally {
      await inventory.stop();
    }
  }, 30_000);

  it('the built-in RDS CA bundle: the pinned certificates, every one an Amazon RDS CA', () => {
    const pem = rdsCaBundle();
    expect(createHash('sha256').update(pem).digest('hex')).toBe(RDS_CA_BUNDLE_SHA256);
    const parsed = (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
      (text) => new X509Certificate(text),
    );
    expect(parsed.length).toBe(115);
    for (const certificate of parsed) {
      // Every one an Amazon RDS CA, signed by itself (a root) or by another CA of the bundle.
      expect(certificate.ca).toBe(true);
      expect(certificate.subject).toContain('OU=Amazon RDS');
      const issuer = parsed.find((other) => certificate.checkIssued(other));
      expect(issuer && certificate.verify(issuer.publicKey)).toBe(true);
    }
    expect(parsed.filter((c) => c.issuer === c.subject).length).toBe(93); // and 22 intermediates (2019 generation)
    for (const cn of [
      'us-east-1 Root CA RSA2048 G1',
      'eu-west-1 Root CA RSA2048 G1',
      'us-east-1 Root CA ECC384 G1',
    ])
      expect(parsed.some((c) => c.subject.includes(`CN=Amazon RDS ${cn}`))).toBe(true);
  });

  it('the built bundle (both image builders run the same bundling) carries it and trusts it by default, so not this test CA', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tls-bundle-'));
    let child: ChildProcess | undefined;
    try {
      await bundleService('inventory', out);
      child = spawn(process.execPath, ['main.js'], {
        cwd: out, // no node_modules here or above: the certificates must be in main.js
        env: { PATH: process.env.PATH ?? '', ...baseEnv(), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const code = exited(child);
      const lines: Array<Record<string, unknown>> = [];
      child.stdout?.on('data', (chunk: Buffer) => {
        for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
      });
      const url = await logLine(child, (line) => {
        const entry = line.startsWith('{') ? (JSON.parse(line) as { msg?: string; url?: string }) : {};
        return entry.msg === 'listening' ? entry.url : undefined;
      });
      expect(lines.find((l) => l.msg === 'database TLS: verify-full')).toMatchObject({
        ca: `built-in ${RDS_CA_SOURCE}`,
        certificates: 115,
        sha256: RDS_CA_BUNDLE_SHA256,
      });
      const ready = await readyBody(url);
      expect(ready.body.checks.database).toEqual({ ok: false, error: 'tls_rejected' });
      child.kill('SIGTERM');
      expect(await code).toBe(0);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses at start, naming the variable: an unsupported sslmode, an unreadable or non-PEM CA file, a CA file without TLS', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadInventoryConfig(env);
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return [...error.problems];
      }
    };
    expect(problems({ ...baseEnv(), DATABASE_URL: `${server.url()}?sslmode=require` })).toEqual([
      expect.stringMatching(/^DATABASE_URL: sslmode=require is not supported: use sslmode=verify-full/),
    ]);
    expect(problems({ ...baseEnv(), DATABASE_URL: `${verifyFullUrl()}&sslrootcert=/x.pem` })).toEqual([
      expect.stringMatching(/^DATABASE_URL: sslrootcert is not read from the URL: .*DATABASE_CA_FILE/),
    ]);
    expect(problems({ ...baseEnv(), DATABASE_CA_FILE: join(dir, 'absent.pem') })).toEqual([
      `DATABASE_CA_FILE: cannot read ${join(dir, 'absent.pem')}: ENOENT`,
    ]);
    expect(problems({ ...baseEnv(), DATABASE_CA_FILE: goodCa.keyPath })).toEqual([
      `DATABASE_CA_FILE: ${goodCa.keyPath} holds no PEM certificate`,
    ]);
    expect(problems({ ...baseEnv(), DATABASE_URL: server.url(), DATABASE_CA_FILE: goodCa.certPath })).toEqual(
      ['DATABASE_CA_FILE: is set but DATABASE_URL does not ask for TLS: add sslmode=verify-full to it'],
    );
  });
});
