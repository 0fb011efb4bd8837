// The one retry policy for a dependency that went away (a database restart, a failover): wait with
// capped exponential backoff for as long as it takes, retry only errors that mean "unreachable"
// (unavailable.ts), stop when the service stops. Everything else fails at once, as before.
import pRetry from 'p-retry';
import type { Logger } from './logger.js';
import { unavailableReason } from './unavailable.js';

/** Options of {@link retryWhileUnavailable}. */
export interface RetryWhileUnavailableOptions {
  logger: Pick<Logger, 'warn'>;
  /** Says what is retried, in the log line (`migrations`, `applying event`...). */
  what: string;
  /** Ends the waiting (the service is stopping): the last error is thrown. */
  signal?: AbortSignal | undefined;
  /** First delay; doubles each attempt up to {@link RetryWhileUnavailableOptions.maxDelayMs}. @defaultValue 200 ms */
  minDelayMs?: number;
  /** @defaultValue 5000 ms */
  maxDelayMs?: number;
}

/** Runs `fn` until it succeeds, retrying (forever, with backoff) while its dependency is unreachable. */
export function retryWhileUnavailable<T>(
  fn: () => Promise<T>,
  options: RetryWhileUnavailableOptions,
): Promise<T> {
  // p-retry only retries `instanceof Error`; errors from Node's internals fail that test under Jest's VM
  // (another realm), so they are wrapped, keeping the original as `cause` (unavailableReason follows it).
  const attempt = () =>
    fn().catch((error: unknown) => {
      throw error instanceof Error
        ? error
        : new Error(String((error as Error)?.message ?? error), { cause: error });
    });
  return pRetry(attempt, {
    retries: Number.POSITIVE_INFINITY,
    factor: 2,
    minTimeout: options.minDelayMs ?? 200,
    maxTimeout: options.maxDelayMs ?? 5000,
    randomize: true,
    signal: options.signal,
    shouldRetry: ({ error }) => unavailableReason(error) !== undefined,
    onFailedAttempt: ({ error, attemptNumber }) => {
      const reason = unavailableReason(error);
      // Log the first failure, then every tenth: an outage of minutes should not flood the log.
      if (reason && (attemptNumber === 1 || attemptNumber % 10 === 0))
        options.logger.warn(
          { err: error, attempt: attemptNumber, reason },
          `${options.what}: database unavailable (${error.message}); retrying`,
        );
    },
  });
}
