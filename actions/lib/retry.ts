// The one retry policy of the actions: p-retry counts attempts and classifies errors, the wait between
// attempts is ours ("full jitter" exponential backoff) so that tests can inject sleep and randomness.
// Each caller keeps its own idea of what is retryable and its own base/cap, and passes them in.
import pRetry from 'p-retry';

/** How to wait between attempts; tests pass an instant `sleep` and a fixed `random`. */
export interface Backoff {
  /** Ceiling of the wait before the first retry, doubled on each further retry. @defaultValue 1000 */
  readonly baseMs: number;
  /** Cap on the ceiling of any single wait. @defaultValue 15000 */
  readonly maxMs: number;
  /** Waits that many milliseconds. @defaultValue a `setTimeout` promise */
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). @defaultValue Math.random */
  readonly random: () => number;
}

/** The default {@link Backoff} (1 s base, 15 s cap, real time, Math.random) with `overrides` applied. */
export function defaultBackoff(overrides: Partial<Backoff> = {}): Backoff {
  return {
    baseMs: 1000,
    maxMs: 15_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    ...overrides,
  };
}

/**
 * The wait before retry number `retry` (1-based): "full jitter", uniform in [0, min(maxMs, baseMs · 2^(retry-1))).
 * Clients that failed together (throttled at once, or racing pushes to one branch) spread out instead of
 * retrying in step; it is the form AWS recommends for throttling.
 */
export function backoffDelay(retry: number, backoff: Pick<Backoff, 'baseMs' | 'maxMs' | 'random'>): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (retry - 1));
  return Math.floor(backoff.random() * ceiling);
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most retries + 1 calls). */
  readonly retries: number;
  /** Whether an error is worth another attempt; anything else is rethrown at once. */
  readonly isRetryable: (error: unknown) => boolean;
  readonly backoff: Backoff;
  /** Told before each wait, e.g. to log which error is being retried. */
  readonly onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

/**
 * Calls `attempt` (with its 1-based number) until it succeeds, a non-retryable error occurs, or the
 * retries are spent; rejects with the last error. As in p-retry, an `AbortError` stops at once with the
 * error it wraps, and a `TypeError` that is not a network error is never retried.
 */
export function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  return pRetry(attempt, {
    retries: options.retries,
    // p-retry's own wait is off; p-retry only asks shouldRetry while retries remain.
    minTimeout: 0,
    maxTimeout: 0,
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (!options.isRetryable(error)) return false;
      const retry = retriesConsumed + 1;
      const delay = backoffDelay(retry, options.backoff);
      options.onRetry?.(error, retry, delay);
      await options.backoff.sleep(delay);
      return true;
    },
  });
}
