// The items of orders, in its own schema (migrations/001_init.sql): the example resource, to replace
// with its own.
import type pg from 'pg';

/** An item as the API returns it. */
export interface Item {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

interface ItemRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

const toItem = (row: ItemRow): Item => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const COLUMNS = 'id, name, created_at, updated_at';

export class ItemStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Creates the item or renames it; `created` says which. */
  async put(id: string, name: string): Promise<{ item: Item; created: boolean }> {
    const { rows } = await this.pool.query<ItemRow & { created: boolean }>(
      `INSERT INTO orders.items (id, name) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [id, name],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT ... RETURNING returned no row');
    return { item: toItem(row), created: row.created };
  }

  async get(id: string): Promise<Item | undefined> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${COLUMNS} FROM orders.items WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toItem(rows[0]);
  }

  /** Up to `limit` items in id order, after `after` (the last id of the previous page). */
  async list(after: string | undefined, limit: number): Promise<Item[]> {
    const { rows } = await this.pool.query<ItemRow>(
      `SELECT ${COLUMNS} FROM orders.items WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT $2`,
      [after ?? null, limit],
    );
    return rows.map(toItem);
  }
}
