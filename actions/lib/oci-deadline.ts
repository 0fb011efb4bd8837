// Request deadlines for the OCI client.

/** An abort signal with a deadline, and the two ways to stop holding the process for it. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Cancels the deadline (the request failed or is fully read). */
  clear(): void;
  /** Keeps the deadline for the rest of the response (its body) without keeping the process alive. */
  release(): void;
}

/**
 * An abort signal that fires after `ms`. Unlike AbortSignal.timeout, its timer keeps the process
 * alive until released: a stalled connection then fails with an error instead of the action
 * exiting silently with Node's "unsettled top-level await" code 13.
 */
export function deadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer), release: () => timer.unref() };
}
