import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after `ms`, or as soon as `signal` aborts; never rejects for the abort. The one abortable
 * sleep of the services (the outbox relay's waits, the consumer's back-off): Node's own
 * `timers/promises` timer, which removes its abort listener when it fires, so a long-lived signal
 * does not collect one listener per sleep.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
