// The one process entry of the services (each `main.ts` is a call to runServiceProcess) and the one
// shutdown-signal handler, shared with `npm start` (scripts/stack/start.ts).
import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

/** Exit code of a process whose environment is invalid (the message names every bad variable). */
export const EXIT_BAD_CONFIG = 2;
/** Exit code of a process that failed to start or to stop cleanly. */
export const EXIT_FAILURE = 1;

/** Options of {@link onShutdownSignal}. */
export interface ShutdownOptions {
  /** After this, the process exits 1 even if `stop` has not finished (a hung dependency). */
  timeoutMs: number;
  /** Where to report the signal and a failed stop. */
  logger: Pick<Logger, 'info' | 'error'>;
}

/**
 * On the first SIGTERM or SIGINT, runs `stop` and exits 0 when it resolves, 1 when it rejects or does not
 * finish within `timeoutMs`. Later signals are ignored: a second Ctrl-C does not cut a drain short.
 */
export function onShutdownSignal(stop: () => Promise<void>, options: ShutdownOptions): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, 'stopping');
    setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'stop timed out');
      process.exit(EXIT_FAILURE);
    }, options.timeoutMs).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        options.logger.error({ err }, 'stop failed');
        process.exit(EXIT_FAILURE);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/** A started service, as {@link runServiceProcess} needs it. */
export interface StoppableService {
  logger: Logger;
  /** Graceful stop, bounded by the service's own `shutdownTimeoutMs`. */
  stop: () => Promise<void>;
}

/**
 * A service's process: validate the environment (exit 2 naming every bad variable), start (exit 1 on
 * failure), then stop cleanly on SIGTERM/SIGINT (exit 0). The hard bound on stopping is the service's
 * drain timeout plus 5 s to close the server and the pool.
 */
export async function runServiceProcess<C extends { shutdownTimeoutMs: number }>(
  name: string,
  loadConfig: () => C,
  start: (config: C) => Promise<StoppableService>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`${name}: ${error instanceof ConfigError ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? EXIT_BAD_CONFIG : EXIT_FAILURE);
  }
  let service: StoppableService;
  try {
    service = await start(config);
  } catch (error) {
    console.error(`${name}: failed to start:`, error);
    process.exit(EXIT_FAILURE);
  }
  onShutdownSignal(service.stop, { timeoutMs: config.shutdownTimeoutMs + 5000, logger: service.logger });
}
