// PGlite served over the PostgreSQL wire protocol by pglite-socket: the embedded database of
// `npm start` (scripts/stack/start.ts) and the fallback of the tests when PostgreSQL is unreachable.
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

const PARSE = 'P'.charCodeAt(0);
const CLOSE = 'C'.charCodeAt(0);
const PARSE_COMPLETE = 0x31; // '1'
const NUL = 0;

/** The statement name of a Parse message (`'P'`, int32 length, name\0, ...); '' for the unnamed one. */
function statementName(message: Uint8Array): string {
  const end = message.indexOf(NUL, 5);
  return Buffer.from(message.subarray(5, end < 0 ? 5 : end)).toString('utf8');
}

/**
 * pglite-socket gives every connection the one PGlite session, so a named prepared statement (pg's
 * `{name, text}` queries) prepared by one connection exists for all: the next connection's Parse of
 * the same name fails with "prepared statement ... already exists" (42P05). pg uses one name for one
 * text, so a repeated Parse of a name this session already prepared is answered with ParseComplete
 * without running it. Names are remembered only once PGlite answered ParseComplete, and forgotten on Close.
 */
function shareNamedStatements(db: PGlite): void {
  const prepared = new Set<string>();
  const exec = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = (message, options) => {
    const type = message[0] ?? 0;
    if (type === CLOSE && message[5] === 'S'.charCodeAt(0)) {
      prepared.delete(Buffer.from(message.subarray(6, message.indexOf(NUL, 6))).toString('utf8'));
    }
    if (type !== PARSE) return exec(message, options);
    const name = statementName(message);
    if (name === '') return exec(message, options);
    if (prepared.has(name)) {
      options?.onRawData?.(new Uint8Array([PARSE_COMPLETE, 0, 0, 0, 4]));
      return Promise.resolve();
    }
    return exec(message, {
      ...options,
      onRawData: (data: Uint8Array) => {
        if (data[0] === PARSE_COMPLETE) prepared.add(name);
        options?.onRawData?.(data);
      },
    });
  };
}

/** How many connections the embedded server accepts at once (npm start divides them among the services). */
export const PGLITE_MAX_CONNECTIONS = 10;

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
  // Inner first: the affinity wrapper must see every message, including a Parse answered without running.
  shareNamedStatements(db);
  keepExtendedQueriesTogether(db);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: PGLITE_MAX_CONNECTIONS,
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
