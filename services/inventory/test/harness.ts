import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { createPool, migrate } from '../../lib/src/db.js';
import { createLogger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { bearer, createDevIssuer, type DevIssuer, trust } from '../../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';
import { createApp } from '../src/app.js';
import { inventoryMigrationsDir } from '../src/config.js';

/** A migrated test database, fauxqs with queues, and the inventory app on a real port (no relay). */
export interface Harness {
  db: TestDatabase;
  pool: pg.Pool;
  queue: TestQueue;
  metrics: Metrics;
  url: string;
  /** The issuer the app trusts; {@link call} sends its all-scopes token unless told otherwise. */
  issuer: DevIssuer;
  stop: () => Promise<void>;
}

export const silentLogger = createLogger({ name: 'inventory-test', level: 'silent' });

export async function startHarness(
  options: { poolSize?: number; bodyLimit?: string } = {},
): Promise<Harness> {
  const db = await createTestDatabase({ prefix: 'inventory' });
  // pglite-socket serves at most 10 connections (see createTestDatabase).
  const max = Math.min(options.poolSize ?? 20, db.kind === 'pglite' ? 8 : Number.MAX_SAFE_INTEGER);
  const pool = createPool({ connectionString: db.url, max });
  await migrate(pool, { schema: 'inventory', dir: inventoryMigrationsDir() });
  const queue = await startFauxqs();
  const metrics = new Metrics({ defaultMetrics: false });
  const issuer = await createDevIssuer();
  defaultToken = await issuer.sign();
  const app = createApp({
    auth: trust(issuer),
    pool,
    sqs: queue.sqs,
    queueUrl: queue.queueUrl,
    logger: silentLogger,
    metrics,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const harness: Harness = {
    db,
    pool,
    queue,
    metrics,
    url,
    issuer,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
      // A test may have replaced the queue (SQS outage and return).
      await harness.queue.stop();
      await db.cleanup();
    },
  };
  return harness;
}

let defaultToken: string | undefined;

/**
 * JSON request over real HTTP, with the harness's all-scopes token (pass an `authorization` header to
 * replace it). The body is `any`: tests read response fields directly.
 */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(defaultToken ? bearer(defaultToken) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Every table's rows, for "nothing changed" assertions. */
export async function snapshot(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['skus', 'reservations', 'stock_changes', 'outbox', 'idempotency_keys']) {
    out[table] = (await pool.query(`SELECT * FROM inventory.${table} ORDER BY 1, 2`)).rows;
  }
  return out;
}

/** Receives (and deletes) everything on a queue until it stays empty. */
export async function drainQueue(queue: TestQueue, url = queue.queueUrl) {
  const out: { body: string; group: string | undefined; correlationId: string | undefined }[] = [];
  for (;;) {
    const r = await queue.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = r.Messages ?? [];
    if (messages.length === 0) return out;
    for (const m of messages) {
      out.push({
        body: m.Body ?? '',
        group: m.Attributes?.MessageGroupId,
        correlationId: m.MessageAttributes?.correlationId?.StringValue,
      });
    }
    await queue.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}
