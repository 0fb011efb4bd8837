import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { folderBeside } from './beside-bundle.js';
import { poolConnection } from './db-tls.js';
import type { Logger } from './logger.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** `postgres://` connection string (DATABASE_URL); `sslmode=verify-full` or none (see db-tls.ts). */
  connectionString: string;
  /** PEM certificate authorities for `sslmode=verify-full` (DATABASE_CA_FILE). @defaultValue Node's own store */
  ca?: string | undefined;
  /** Largest number of connections. @defaultValue 20 */
  max?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Logs connection errors (a dropped connection must not crash the process). */
  logger?: Logger;
}

/**
 * A `pg` pool whose connection errors are logged, never thrown as events. `pg-pool` listens for
 * `error` only on IDLE clients: a checked-out client (a transaction between statements, the relay's
 * claim while SQS answers) whose server goes away (`57P01` on a failover or `pg_terminate_backend`)
 * emits `error` with no listener, which kills the process. Every client gets its own listener at
 * connect; the query in flight fails on its own, and the broken client is dropped at release.
 */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    ...poolConnection(options.connectionString, options.ca),
    max: options.max ?? 20,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  });
  // The client's own listener below logs it; the pool's event only needs a listener.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (err) => options.logger?.warn({ err }, 'database connection lost'));
  });
  return pool;
}

/** Runs `fn` in a transaction on one client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection is gone: destroy it rather than pool it.
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Readiness probe: resolves when the database answers. */
export async function checkDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}

/** A service's migrations folder seen from `moduleUrl` (pass `import.meta.url`): see {@link folderBeside}. */
export function migrationsDirBeside(moduleUrl: string): string {
  return folderBeside(moduleUrl, 'migrations');
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The service's own schema (created if missing); migrations run with it as `search_path`. */
  schema: string;
  /** Folder of `NNN_name.sql` files, applied in name order. */
  dir: string;
  logger?: Logger;
}

/** Thrown when an applied migration's file changed afterwards, or a name does not follow `NNN_name.sql`. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const migrationName = /^\d{3}_[a-z0-9_]+\.sql$/;

/**
 * Applies the pending migrations of `dir` in order, each once, each in its own transaction, tracked in
 * `<schema>.schema_migrations`. A session advisory lock serialises replicas that start together.
 *
 * @returns the names applied by this call (empty when up to date)
 * @throws MigrationError when an applied file was edited (checksum differs)
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<string[]> {
  const { schema } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new MigrationError(`Invalid schema name "${schema}"`);
  const files = (await readdir(options.dir)).filter((f) => f.endsWith('.sql')).sort();
  const bad = files.find((f) => !migrationName.test(f));
  if (bad) throw new MigrationError(`Migration file "${bad}" must be named NNN_name.sql`);

  const client = await pool.connect();
  const lockKey = `migrate:${schema}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM ${schema}.schema_migrations`,
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const file of files) {
      const sql = await readFile(join(options.dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = applied.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new MigrationError(`Migration ${schema}/${file} was changed after it was applied`);
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        // Advisory locks are per session, and PGlite's socket server shares one session among all
        // clients: a table lock plus a re-check inside the transaction also keeps a file from running twice there.
        await client.query(`LOCK TABLE ${schema}.schema_migrations IN EXCLUSIVE MODE`);
        const again = await client.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE name = $1`, [file]);
        if (again.rowCount) {
          await client.query('COMMIT');
          continue;
        }
        await client.query(`SET LOCAL search_path TO ${schema}, public`);
        await client.query(sql);
        await client.query(`INSERT INTO ${schema}.schema_migrations (name, checksum) VALUES ($1, $2)`, [
          file,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${schema}/${file} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      options.logger?.info({ schema, migration: file }, 'migration applied');
      done.push(file);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    client.release();
  }
}
