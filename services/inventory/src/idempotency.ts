import { createHash } from 'node:crypto';
import type pg from 'pg';
import { HttpError, toHttpError } from '../../lib/src/http.js';

/** A response to send: what the write produced, or what the first request with the same key got. */
export interface StoredResponse {
  status: number;
  /** The JSON body, serialised once so a replay sends the same bytes. */
  body: string;
  /** True when this is the replay of an earlier request's response. */
  replayed: boolean;
}

/** The request a key was used for: method, path and body, hashed so a reused key can be told apart. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
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

/**
 * Runs a write in one transaction, guarded by an optional `Idempotency-Key`.
 *
 * The key row is inserted first, in the same transaction as the change: a concurrent duplicate blocks on
 * the primary key until the first commits, then sees the stored response, so only one applies. Business
 * refusals (4xx `HttpError`) roll back to a savepoint and are stored too, so a retry gets the same answer;
 * unexpected errors roll everything back (the key included) so a retry may run again.
 *
 * @throws HttpError 422 when the key was used for a different request
 */
export async function runWrite(
  pool: pg.Pool,
  key: string | undefined,
  fingerprint: string,
  work: (client: pg.PoolClient) => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (key !== undefined) {
      const claimed = await client.query(
        'INSERT INTO inventory.idempotency_keys (key, request_hash) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [key, fingerprint],
      );
      if (claimed.rowCount === 0) {
        const { rows } = await client.query<{ request_hash: string; status: number; body: string }>(
          'SELECT request_hash, status, body FROM inventory.idempotency_keys WHERE key = $1',
          [key],
        );
        await client.query('COMMIT');
        const first = rows[0];
        if (!first || first.request_hash !== fingerprint) {
          throw new HttpError(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request',
            'Idempotency-Key',
          );
        }
        return { status: first.status, body: first.body, replayed: true };
      }
    }
    // Only a keyed write stores refusals, so only it needs the savepoint (one round trip saved otherwise).
    if (key !== undefined) await client.query('SAVEPOINT work');
    let result: { status: number; body: unknown };
    try {
      result = await work(client);
    } catch (error) {
      const httpError = toHttpError(error);
      if (key === undefined || !(error instanceof HttpError) || httpError.status >= 500) throw error;
      await client.query('ROLLBACK TO SAVEPOINT work');
      const body: { error: { code: string; message: string; field?: string } } = {
        error: { code: httpError.code, message: httpError.message },
      };
      if (httpError.field !== undefined) body.error.field = httpError.field;
      result = { status: httpError.status, body };
    }
    const body = JSON.stringify(result.body);
    if (key !== undefined) {
      await client.query('UPDATE inventory.idempotency_keys SET status = $2, body = $3 WHERE key = $1', [
        key,
        result.status,
        body,
      ]);
    }
    await client.query('COMMIT');
    return { status: result.status, body, replayed: false };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
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
