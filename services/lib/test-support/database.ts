import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { startPgliteServer } from '../src/pglite-server.js';

/** A database made for one test file by {@link createTestDatabase}. */
export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** `postgres` when the real server on 127.0.0.1:5432 was used, `pglite` for the fallback. */
  kind: 'postgres' | 'pglite';
  /** Drops the database (or stops PGlite). Close your pools first. */
  cleanup: () => Promise<void>;
}

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** Server to create the database on. @defaultValue `TEST_PG_ADMIN_URL` or `postgres://postgres@127.0.0.1:5432/postgres` */
  adminUrl?: string;
  /** Name prefix, for telling test databases apart in `\l`. @defaultValue `'test'` */
  prefix?: string;
}

let pgliteNoticePrinted = false;

/**
 * A fresh, uniquely named database on the real PostgreSQL (trust auth, user `postgres`). When that server
 * is unreachable, falls back to an in-memory PGlite server ({@link startPgliteServer}: one transaction
 * at a time, so races are not exercised) and says so once.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl =
    options.adminUrl ?? process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${options.prefix ?? 'test'}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    return createPgliteDatabase(adminUrl);
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    cleanup: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function createPgliteDatabase(adminUrl: string): Promise<TestDatabase> {
  if (!pgliteNoticePrinted) {
    pgliteNoticePrinted = true;
    console.warn(
      `PostgreSQL at ${new URL(adminUrl).host} is unreachable: tests use PGlite (no real concurrency).`,
    );
  }
  const { startPgliteServer } = await import('../src/pglite-server.js');
  const server = await startPgliteServer();
  return { url: server.url, kind: 'pglite', cleanup: server.stop };
}

let reachable: Promise<boolean> | undefined;

/** Whether the real PostgreSQL of the tests (TEST_PG_ADMIN_URL or 127.0.0.1:5432) accepts connections. */
export function postgresReachable(adminUrl = defaultAdminUrl()): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/**
 * For tests that prove something about concurrency (races, NOTIFY between connections): PGlite runs
 * one transaction at a time, so there they could not fail. Resolves to `true` on the real PostgreSQL;
 * without it, prints a loud notice and resolves to `false` (use `it.skip`/`describe.skip`), or throws
 * under `CI=true`, where PostgreSQL is part of the environment and its absence is a failure.
 */
export async function requirePostgres(what: string): Promise<boolean> {
  if (await postgresReachable()) return true;
  const message = `${what}: needs the real PostgreSQL at ${new URL(defaultAdminUrl()).host}, which is unreachable`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED ${message}. PGlite would run it one transaction at a time and prove nothing.`);
  return false;
}

function defaultAdminUrl(): string {
  return process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
