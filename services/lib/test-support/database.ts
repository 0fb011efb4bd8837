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
