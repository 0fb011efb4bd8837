import pRetry from 'p-retry';

/** How to wait between attempts; tests pass an instant `sleep` and a fixed `random`. */
export interface Backoff {
  /** Delay before the first retry, doubled on each further retry. @defaultValue 1000 */
  readonly baseMs: number;
  /** Cap on any single delay. @defaultValue 15000 */
  readonly maxMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), like Math.random. */
  readonly random: () => number;
}

export const defaultBackoff: Backoff = {
  baseMs: 1000,
  maxMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter" — half of it
 * fixed so retries stay spread out, half random so parallel jobs throttled together do not retry in step.
 */
export function backoffDelay(retry: number, backoff: Pick<Backoff, 'baseMs' | 'maxMs' | 'random'>): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * backoff.random());
}

export interface RetryOptions {
  /** Retries after the first attempt (so at most retries + 1 calls). */
  readonly retries: number;
  readonly isRetryable: (error: unknown) => boolean;
  readonly backoff: Backoff;
  /** Told before each wait, e.g. to log which error is being retried. */
  readonly onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

/**
 * Calls `attempt` until it succeeds, a non-retryable error occurs, or the retries are spent; rejects
 * with the last error. p-retry counts and classifies; the wait is ours so that sleep is injectable.
 */
export function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  return pRetry(attempt, {
    retries: options.retries,
    minTimeout: 0,
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
