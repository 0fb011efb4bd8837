import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../lib/src/db.js';
import type { Db } from './store.js';

/** A response to send: what the write produced, or what the first request with the same key got. */
export interface StoredResponse {
  status: number;
  /** The JSON body, serialised once so a replay sends the same bytes. */
  body: string;
  /** True when this is the replay of an earlier request's response. */
  replayed: boolean;
}

/**
 * The request a key was used for, hashed so a reused key can be told apart: method, route pattern (not
 * the raw path, which may differ by a trailing slash or percent-encoding) and a JSON value of the
 * decoded parameters and body (app.ts passes `{params, body}`).
 */
export function requestFingerprint(method: string, route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalJson(request ?? null)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What {@link runWrite} did: the response to send, or a key reused for another request (a 422). */
export type WriteOutcome = ({ outcome: 'done' } & StoredResponse) | { outcome: 'key_reused' };

/** A write's response; a refusal (4xx) must have written nothing, so it needs no rollback. */
export interface WriteResult {
  status: number;
  body: unknown;
}

/**
 * Runs a write, guarded by an optional `Idempotency-Key`.
 *
 * Without a key, `work` gets the pool: each store write is one statement (its own transaction), so
 * nothing holds a row lock across round trips. With a key, the key row is inserted first, in one
 * transaction with the change: a concurrent duplicate blocks on the primary key until the first commits,
 * then sees the stored response, so only one applies. Refusals (4xx results, which write nothing) are
 * stored too, so a retry gets the same answer; a thrown error rolls everything back (the key included)
 * so a retry may run again.
 */
export async function runWrite(
  pool: pg.Pool,
  key: string | undefined,
  /** The request's fingerprint, or a function computing it: only a keyed write needs one. */
  fingerprint: string | (() => string),
  work: (db: Db) => Promise<WriteResult>,
): Promise<WriteOutcome> {
  if (key === undefined) {
    const result = await work(pool);
    return { outcome: 'done', status: result.status, body: JSON.stringify(result.body), replayed: false };
  }
  const hash = typeof fingerprint === 'function' ? fingerprint() : fingerprint;
  return withTransaction(pool, async (client): Promise<WriteOutcome> => {
    const claimed = await client.query(
      'INSERT INTO inventory.idempotency_keys (key, request_hash) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await client.query<{ request_hash: string; status: number; body: string }>(
        'SELECT request_hash, status, body FROM inventory.idempotency_keys WHERE key = $1',
        [key],
      );
      const first = rows[0];
      if (!first || first.request_hash !== hash) return { outcome: 'key_reused' };
      return { outcome: 'done', status: first.status, body: first.body, replayed: true };
    }
    const result = await work(client);
    const body = JSON.stringify(result.body);
    await client.query('UPDATE inventory.idempotency_keys SET status = $2, body = $3 WHERE key = $1', [
      key,
      result.status,
      body,
    ]);
    return { outcome: 'done', status: result.status, body, replayed: false };
  });
}

/** How long a key is remembered: a client retrying after that gets a fresh execution. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** Deletes keys older than the retention; returns how many went. Run periodically by the service. */
export async function purgeIdempotencyKeys(
  pool: pg.Pool,
  retentionHours = IDEMPOTENCY_RETENTION_HOURS,
): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM inventory.idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
    [retentionHours],
  );
  return rowCount ?? 0;
}
