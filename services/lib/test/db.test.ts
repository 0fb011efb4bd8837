import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createPool, MigrationError, migrate, withTransaction } from '../src/db.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';

describe('migrate', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'libdb' });
    pool = createPool({ connectionString: db.url, max: 5 });
    dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '001_items.sql'), 'CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL);');
    await writeFile(join(dir, '002_seed.sql'), 'INSERT INTO items VALUES (1, 0);');
  });
  afterAll(async () => {
    await pool.end();
    await db.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies each file once even when two replicas start together', async () => {
    const [a, b] = await Promise.all([
      migrate(pool, { schema: 'svc', dir }),
      migrate(pool, { schema: 'svc', dir }),
    ]);
    expect([...a, ...b].sort()).toEqual(['001_items.sql', '002_seed.sql']);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM svc.items');
    expect(rows[0].n).toBe(1);
    expect(await migrate(pool, { schema: 'svc', dir })).toEqual([]);
  });

  it('applies a new file and refuses an edited one', async () => {
    await writeFile(join(dir, '003_more.sql'), 'INSERT INTO items VALUES (2, 0);');
    expect(await migrate(pool, { schema: 'svc', dir })).toEqual(['003_more.sql']);
    await writeFile(join(dir, '001_items.sql'), 'CREATE TABLE items (id bigint PRIMARY KEY);');
    await expect(migrate(pool, { schema: 'svc', dir })).rejects.toThrow(MigrationError);
  });

  it('rolls a failed migration back entirely', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(bad, '001_half.sql'), 'CREATE TABLE half (id int); SELECT 1/0;');
    await expect(migrate(pool, { schema: 'other', dir: bad })).rejects.toThrow(/001_half.sql failed/);
    const { rows } = await pool.query("SELECT to_regclass('other.half') AS t");
    expect(rows[0].t).toBeNull();
    await rm(bad, { recursive: true, force: true });
  });

  it('withTransaction rolls back when the callback throws', async () => {
    await expect(
      withTransaction(pool, async (c) => {
        await c.query('UPDATE svc.items SET n = 99');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const { rows } = await pool.query('SELECT max(n)::int AS n FROM svc.items');
    expect(rows[0].n).toBe(0);
  });
});
