// What counts as "the database is unavailable" (503 database_unavailable, retried) and what does not
// (the request's own fault), on errors the real driver raises against the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { unavailableReason } from '../src/unavailable.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../test-support/database.js';
import { freePort } from '../test-support/processes.js';

const real = await requirePostgres('unavailable: real driver errors');
let db: TestDatabase;
beforeAll(async () => {
  if (real) db = await createTestDatabase({ prefix: 'unavailable' });
});
afterAll(async () => db?.cleanup());

/** The error `fn` rejects with. */
async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

(real ? describe : describe.skip)('unavailableReason on real driver errors', () => {
  it('a refused connection and a terminated session are unavailable; a constraint violation and bad SQL are not', async () => {
    const closed = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x` });
    expect(unavailableReason(await errorOf(() => closed.connect()))).toBe('unavailable');

    const victim = new pg.Client({ connectionString: db.url });
    victim.on('error', () => undefined);
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const killer = new pg.Client({ connectionString: db.url });
    await killer.connect();
    const running = errorOf(() => victim.query('SELECT pg_sleep(5)'));
    await new Promise((r) => setTimeout(r, 200));
    await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    const terminated = await running;
    expect((terminated as { code?: string }).code).toBe('57P01');
    expect(unavailableReason(terminated)).toBe('unavailable');
    // The dead client: "not queryable".
    expect(unavailableReason(await errorOf(() => victim.query('SELECT 1')))).toBe('unavailable');

    await killer.query('CREATE TABLE t (id int PRIMARY KEY)');
    await killer.query('INSERT INTO t VALUES (1)');
    expect(unavailableReason(await errorOf(() => killer.query('INSERT INTO t VALUES (1)')))).toBeUndefined();
    expect(unavailableReason(await errorOf(() => killer.query('SELEC 1')))).toBeUndefined();
    await killer.end();
    await victim.end().catch(() => undefined);
  });
});
