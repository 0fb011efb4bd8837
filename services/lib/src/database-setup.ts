// A service's database setup (its migrations) that outlives an unreachable database at start: the
// process listens at once, `/ready` says why it is not ready (`unavailable`, `tls_rejected` for a CA
// that refuses the server), the routes answer 503 `database_unavailable`, and the setup retries in
// the background until the database answers; then the service's work (relay, consumer) starts. A
// setup that fails for another reason (an edited migration) fails the start, as before.
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { DatabaseConfig } from './config.js';
import { createPool, migrate } from './db.js';
import { logDatabaseTls } from './db-tls.js';
import { HttpError } from './http-error.js';
import type { Logger } from './logger.js';
import { retryWhileUnavailable } from './retry-unavailable.js';
import { unavailableReason } from './unavailable.js';

export class DatabaseSetup {
  private done = false;
  /** The first attempt found the database unreachable: the start went on, the setup retries behind it. */
  private background = false;
  private lastError: unknown = new Error('database setup has not run yet');
  private readonly stopped = new AbortController();
  /** Resolves true once the setup succeeded, false when it was stopped or failed in the background. */
  readonly finished: Promise<boolean>;

  /**
   * Makes the first attempt before resolving: a setup that fails for any reason but an unreachable
   * database rejects (the start fails); otherwise the retries go on in the background.
   */
  static async start(setup: () => Promise<unknown>, logger: Logger): Promise<DatabaseSetup> {
    const instance = new DatabaseSetup(setup, logger);
    await instance.firstAttempt;
    return instance;
  }

  private readonly firstAttempt: Promise<void>;

  private constructor(setup: () => Promise<unknown>, logger: Logger) {
    let attempts = 0;
    let settleFirst: (error?: unknown) => void = () => undefined;
    this.firstAttempt = new Promise<void>((resolve, reject) => {
      settleFirst = (error?: unknown) => (error === undefined ? resolve() : reject(error));
    });
    const attempt = async () => {
      attempts += 1;
      try {
        await setup();
      } catch (error) {
        this.lastError = error;
        if (attempts === 1) {
          this.background = unavailableReason(error) !== undefined;
          settleFirst(this.background ? undefined : error);
        }
        throw error;
      }
    };
    this.finished = retryWhileUnavailable(attempt, {
      logger,
      what: 'database setup',
      signal: this.stopped.signal,
    }).then(
      () => {
        this.done = true;
        if (attempts === 1) settleFirst();
        else logger.info({ attempts }, 'database reachable: setup done');
        return true;
      },
      (error: unknown) => {
        if (this.background && !this.stopped.signal.aborted)
          logger.error({ err: error }, 'database setup failed: the service stays not ready');
        return false;
      },
    );
  }

  /** Whether the setup has succeeded. */
  get isDone(): boolean {
    return this.done;
  }

  /** Runs `work` now if the setup is done, else once it is (never if it is stopped first). */
  whenDone(work: () => void): void {
    if (this.done) work();
    else void this.finished.then((ok) => ok && !this.stopped.signal.aborted && work());
  }

  /** Readiness: throws the last error until the setup is done. */
  check(): void {
    if (!this.done) throw this.lastError;
  }

  /** Express middleware for the service's routes: 503 `database_unavailable` until the setup is done. */
  readonly guard: RequestHandler = (_req, _res, next) => {
    if (this.done) {
      next();
      return;
    }
    next(
      new HttpError(503, 'database_unavailable', 'The database is unavailable; retry shortly', undefined, {
        headers: { 'Retry-After': '1' },
      }),
    );
  };

  /** Stops retrying (the service is stopping). */
  stop(): void {
    this.stopped.abort();
  }
}

/** A service's database, from {@link openDatabase}. */
export interface ServiceDatabase {
  readonly pool: pg.Pool;
  /** The migrations' setup: `/ready` and the routes' guard, `whenDone` for the work that needs the tables. */
  readonly setup: DatabaseSetup;
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** The service's name: the pool's `application_name`. */
  name: string;
  /** The schema it owns and migrates (score.yaml `resources.db.params.schema`). */
  schema: string;
  /** The region, for the TLS start line's warning about CAs the built-in bundle lacks. */
  region: string;
  logger: Logger;
}

/**
 * The one way a service opens its database: a pool (TLS as DATABASE_URL asks), the TLS start line, and
 * its migrations through {@link DatabaseSetup} (an unreachable database does not fail the start). On a
 * failed start the pool is closed before the error is thrown.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions,
): Promise<ServiceDatabase> {
  const { logger, schema } = options;
  const pool = createPool({
    connectionString: config.databaseUrl,
    ca: config.databaseCa?.pem,
    max: config.dbPoolSize,
    applicationName: options.name,
    logger,
  });
  logDatabaseTls(config.databaseCa, config.databaseUrl, options.region, logger);
  try {
    const setup = await DatabaseSetup.start(
      () => migrate(pool, { schema, dir: config.migrationsDir, logger }),
      logger,
    );
    return { pool, setup };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
