// PGlite served over the PostgreSQL wire protocol by pglite-socket: the embedded database of
// `npm start` (scripts/stack.ts) and the fallback of the tests when PostgreSQL is unreachable.
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';

/** Options of {@link startPgliteServer}. */
export interface PgliteServerOptions {
  /** Data folder (created if missing, kept across restarts). @defaultValue in memory */
  dataDir?: string | undefined;
  /** Port on 127.0.0.1; 0 picks a free one. @defaultValue 0 */
  port?: number;
}

/** A running PGlite server, from {@link startPgliteServer}. */
export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable` */
  url: string;
  /** Stops the socket server, then closes the database. */
  stop: () => Promise<void>;
}

/** Frontend message types that close an extended-protocol sequence: Sync, simple Query, Terminate. */
const SEQUENCE_END = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

/**
 * Works around electric-sql/pglite#1046 (open in pglite-socket 0.2.17): the multiplexer schedules
 * single protocol messages and keeps a connection's turn only while a transaction is open, so a
 * parameterised query outside a transaction (Parse/Bind/Execute/Sync) interleaves with another
 * connection's and fails with "unnamed prepared statement does not exist". Reporting "in a
 * transaction" from the first message of such a sequence until its Sync makes the multiplexer keep
 * the sequence together (its own affinity rule), without touching its private state.
 */
function keepExtendedQueriesTogether(db: PGlite): void {
  let sequenceOpen = false;
  const exec = db.execProtocolRawStream.bind(db);
  const inTransaction = db.isInTransaction.bind(db);
  db.execProtocolRawStream = (message, options) => {
    // A startup message has no type byte (it starts with its length, whose first byte is 0).
    const type = message[0] ?? 0;
    sequenceOpen = type !== 0 && !SEQUENCE_END.has(type);
    return exec(message, options);
  };
  db.isInTransaction = () => sequenceOpen || inTransaction();
}

/**
 * Starts PGlite behind pglite-socket on 127.0.0.1 with `maxConnections: 10` (the default of 1 fails
 * concurrent pools) and the #1046 workaround. The multiplexer runs one transaction at a time: correct,
 * but it proves nothing about races.
 */
export async function startPgliteServer(options: PgliteServerOptions = {}): Promise<PgliteServer> {
  // Loaded on demand: most callers (tests on the real PostgreSQL, external DATABASE_URL) never need it.
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGliteClass.create(options.dataDir ? { dataDir: options.dataDir } : {});
  keepExtendedQueriesTogether(db);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: 10,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
