// src/store.ts: where the kind's example keeps its data. An http-api with a database: items in its own
// schema. A queue-worker: the messages it received, in its schema when it has a database, else the last
// ones in memory. Both read back in pages (seq or id order) for the routes' cursors.
import type { Identifiers, ServiceSpec } from './spec.js';

const itemStore = ({
  name,
  schema,
}: Identifiers) => `// The items of ${name}, in its own schema (migrations/001_init.sql): the example resource, to replace
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

  /** Creates the item or renames it; \`created\` says which. */
  async put(id: string, name: string): Promise<{ item: Item; created: boolean }> {
    const { rows } = await this.pool.query<ItemRow & { created: boolean }>(
      \`INSERT INTO ${schema}.items (id, name) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
       RETURNING \${COLUMNS}, (xmax = 0) AS created\`,
      [id, name],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT ... RETURNING returned no row');
    return { item: toItem(row), created: row.created };
  }

  async get(id: string): Promise<Item | undefined> {
    const { rows } = await this.pool.query<ItemRow>(\`SELECT \${COLUMNS} FROM ${schema}.items WHERE id = $1\`, [id]);
    return rows[0] && toItem(rows[0]);
  }

  /** Up to \`limit\` items in id order, after \`after\` (the last id of the previous page). */
  async list(after: string | undefined, limit: number): Promise<Item[]> {
    const { rows } = await this.pool.query<ItemRow>(
      \`SELECT \${COLUMNS} FROM ${schema}.items WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT $2\`,
      [after ?? null, limit],
    );
    return rows.map(toItem);
  }
}
`;

const receivedMessage = `/** A message as the consumer received it. */
export interface ReceivedMessage {
  /** Its order of arrival here (the list's cursor). */
  seq: number;
  /** SQS's MessageId: a redelivery has the same one and is recorded once. */
  id: string;
  group: string | null;
  body: string;
  receivedAt: string;
}

/** What the handler records. */
export type NewMessage = Pick<ReceivedMessage, 'id' | 'group' | 'body'>;
`;

const databaseMessageStore = ({
  name,
  schema,
}: Identifiers) => `// The messages ${name} received, in its own schema (migrations/001_init.sql).
import type pg from 'pg';

${receivedMessage}
interface MessageRow {
  seq: string;
  id: string;
  message_group: string | null;
  body: string;
  received_at: Date;
}

export class MessageStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Records a message once: a redelivery (the same MessageId) changes nothing. */
  async record(message: NewMessage): Promise<void> {
    await this.pool.query(
      'INSERT INTO ${schema}.received_messages (id, message_group, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [message.id, message.group, message.body],
    );
  }

  /** Up to \`limit\` messages, newest first, before \`before\` (the last seq of the previous page). */
  async list(before: number | undefined, limit: number): Promise<ReceivedMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      \`SELECT seq, id, message_group, body, received_at FROM ${schema}.received_messages
       WHERE $1::bigint IS NULL OR seq < $1 ORDER BY seq DESC LIMIT $2\`,
      [before ?? null, limit],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      id: row.id,
      group: row.message_group,
      body: row.body,
      receivedAt: row.received_at.toISOString(),
    }));
  }
}
`;

const memoryMessageStore = ({
  name,
}: Identifiers) => `// The last messages ${name} received, in memory (it has no database: a restart forgets them).
${receivedMessage}
export class MessageStore {
  private readonly messages: ReceivedMessage[] = [];
  private seq = 0;

  /** @param capacity - how many it keeps; the oldest go first */
  constructor(private readonly capacity = 1000) {}

  /** Records a message once: a redelivery (the same MessageId) changes nothing. */
  async record(message: NewMessage): Promise<void> {
    if (this.messages.some((m) => m.id === message.id)) return;
    this.seq += 1;
    this.messages.unshift({ ...message, seq: this.seq, receivedAt: new Date().toISOString() });
    this.messages.length = Math.min(this.messages.length, this.capacity);
  }

  /** Up to \`limit\` messages, newest first, before \`before\` (the last seq of the previous page). */
  async list(before: number | undefined, limit: number): Promise<ReceivedMessage[]> {
    return this.messages.filter((m) => before === undefined || m.seq < before).slice(0, limit);
  }
}
`;

/** The store of the kind's example, or undefined when it keeps nothing (a plain http-api, web). */
export function storeTs(spec: ServiceSpec, ids: Identifiers): string | undefined {
  if (spec.kind === 'queue-worker')
    return spec.database ? databaseMessageStore(ids) : memoryMessageStore(ids);
  if (spec.kind === 'http-api' && spec.database) return itemStore(ids);
  return undefined;
}

/** migrations/001_init.sql: the first migration of a service with a database (services/lib/src/db.ts migrate). */
export function firstMigration(spec: ServiceSpec, { name, schema }: Identifiers): string | undefined {
  if (!spec.database) return undefined;
  const header = `-- The first migration of ${name}: migrate() (services/lib/src/db.ts) runs it once, in the schema ${schema},
-- and never again (a changed file refuses the start: add 002_<what>.sql instead).
`;
  if (spec.kind === 'queue-worker')
    return `${header}CREATE TABLE received_messages (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  message_group text,
  body text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
`;
  return `${header}CREATE TABLE items (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
}
