// The embedded database (on a data folder, as `npm start` runs it) under concurrent parameterised
// queries of different connections: the electric-sql/pglite#1046 workaround. Each query has its own
// SQL text, so a Bind that lands on another connection's unnamed statement gives a wrong row or an
// error; a 100 KB parameter spreads each Parse/Bind/Execute/Sync batch over several socket reads, which
// is when pglite-socket lets another connection's messages in between. Without the workaround, every
// fresh pool below got 2 to 4 wrong rows (pglite-socket 0.2.17).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPgliteServer } from '../src/pglite-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pglite-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('startPgliteServer', () => {
  it('keeps concurrent parameterised queries of different connections apart', async () => {
    const db = await startPgliteServer({ dataDir, port: 0 });
    try {
      for (let round = 0; round < 5; round += 1) {
        // A fresh pool each round: new connections race hardest.
        const pool = new pg.Pool({ connectionString: db.url, max: 8 });
        try {
          const results = await Promise.allSettled(
            Array.from({ length: 100 }, async (_, i) => {
              const text = `v${round}-${i}`.padEnd(100_000, 'x');
              const { rows } = await pool.query<{ n: number; t: string }>(
                `SELECT $1::int + ${i} AS n, $2::text AS t`,
                [i, text],
              );
              return rows[0]?.n === 2 * i && rows[0]?.t === text;
            }),
          );
          expect(results.filter((r) => r.status !== 'fulfilled' || r.value !== true)).toEqual([]);
        } finally {
          await pool.end();
        }
      }
    } finally {
      await db.stop();
    }
  }, 60_000);

  it('lets every connection use the same named prepared statement (one shared session)', async () => {
    const db = await startPgliteServer({ port: 0 });
    const pool = new pg.Pool({ connectionString: db.url, max: 8 });
    try {
      const named = (i: number) =>
        pool.query<{ n: number }>({ name: 'shared.add', text: 'SELECT $1::int + 1 AS n', values: [i] });
      // Each of the 8 connections prepares "shared.add" once; without the fix all but the first fail with 42P05.
      const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => named(i)));
      const values = results.map((r) => (r.status === 'fulfilled' ? r.value.rows[0]?.n : String(r.reason)));
      expect(values).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // A failed Parse is not remembered: the name stays free for a correct statement.
      await expect(pool.query({ name: 'broken', text: 'SELEC 1' })).rejects.toThrow(/syntax/);
      const fixed = await pool.query<{ n: number }>({ name: 'broken', text: 'SELECT 2 AS n' });
      expect(fixed.rows[0]?.n).toBe(2);
    } finally {
      await pool.end();
      await db.stop();
    }
  });
});
