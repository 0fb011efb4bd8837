// The migrations of orders on the real PostgreSQL: they apply once, into its own schema orders, and a
// second run applies nothing. Without that server the suite is skipped, loudly (CI=true fails instead).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createPool, migrate, migrationsDirBeside } from '../../lib/src/db.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../lib/test-support/database.js';

const suite = (await requirePostgres('orders migrations')) ? describe : describe.skip;

suite('orders migrations', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'orders' });
    pool = createPool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.cleanup();
  });

  it('apply once into schema orders, and a second run applies nothing', async () => {
    const dir = migrationsDirBeside(import.meta.url);
    expect(await migrate(pool, { schema: 'orders', dir })).toEqual(['001_init.sql']);
    expect(await migrate(pool, { schema: 'orders', dir })).toEqual([]);
    const { rows } = await pool.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      ['orders'],
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      'fake_payments',
      'order_lines',
      'orders',
      'outbox',
      'schema_migrations',
    ]);
  });
});
