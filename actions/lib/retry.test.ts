import { describe, expect, it } from '@jest/globals';
import { AbortError } from 'p-retry';
import { type Backoff, backoffDelay, defaultBackoff, withRetries } from './retry.js';

describe('defaultBackoff', () => {
  it('waits real time from a 1 s base capped at 15 s, with Math.random', async () => {
    const backoff = defaultBackoff();
    expect([backoff.baseMs, backoff.maxMs, backoff.random]).toEqual([1000, 15_000, Math.random]);
    await expect(backoff.sleep(1)).resolves.toBeUndefined();
  });

  it('takes each caller its own base and cap, keeping the rest', () => {
    const sleep = async () => {};
    const backoff = defaultBackoff({ baseMs: 500, maxMs: 4000, sleep });
    expect(backoff).toEqual({ baseMs: 500, maxMs: 4000, sleep, random: Math.random });
  });
});

describe('backoffDelay (full jitter)', () => {
  const backoff = { baseMs: 1000, maxMs: 15_000 };
  const delays = (random: number) =>
    [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, { ...backoff, random: () => random }));

  it('draws uniformly below a doubling ceiling, and caps it', () => {
    expect(delays(0)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(delays(0.5)).toEqual([500, 1000, 2000, 4000, 7500, 7500]);
    expect(delays(0.999999)).toEqual([999, 1999, 3999, 7999, 14_999, 14_999]);
  });

  it('never reaches the ceiling itself, however high the retry', () => {
    expect(backoffDelay(1, { ...backoff, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(3, { ...backoff, random: () => 0.5 })).toBe(2000);
    expect(backoffDelay(10, { ...backoff, random: () => 0.5 })).toBe(7500);
    expect(backoffDelay(10, { ...backoff, random: () => 0.999 })).toBe(14_985);
  });
});

describe('withRetries', () => {
  const options = (retries: number, sleeps: number[], extra: Partial<Backoff> = {}) => ({
    retries,
    isRetryable: (error: unknown) => (error as Error).message === 'again',
    backoff: defaultBackoff({
      baseMs: 100,
      maxMs: 1000,
      random: () => 0.5,
      sleep: async (ms: number) => void sleeps.push(ms),
      ...extra,
    }),
  });

  /** An attempt that throws `errors` in turn, then returns 'ok'; `calls` counts its calls. */
  function attempts(...errors: Error[]) {
    const state = { calls: 0 };
    const attempt = async () => {
      const error = errors[state.calls++];
      if (error) throw error;
      return 'ok';
    };
    return { state, attempt };
  }

  it('calls until success, waiting the growing backoff in between', async () => {
    const sleeps: number[] = [];
    const { state, attempt } = attempts(new Error('again'), new Error('again'));
    const result = await withRetries(attempt, options(5, sleeps));
    expect([result, state.calls, sleeps]).toEqual(['ok', 3, [50, 100]]);
  });

  it('stops after retries + 1 calls with the last error', async () => {
    const sleeps: number[] = [];
    const { state, attempt } = attempts(...Array.from({ length: 5 }, () => new Error('again')));
    await expect(withRetries(attempt, options(2, sleeps))).rejects.toThrow('again');
    expect([state.calls, sleeps.length]).toEqual([3, 2]);
  });

  it('stops at once on an error that is not retryable', async () => {
    const sleeps: number[] = [];
    const { state, attempt } = attempts(new Error('final'));
    await expect(withRetries(attempt, options(5, sleeps))).rejects.toThrow('final');
    expect([state.calls, sleeps.length]).toEqual([1, 0]);
  });

  it('makes exactly one call with retries 0', async () => {
    const sleeps: number[] = [];
    const { state, attempt } = attempts(new Error('again'));
    await expect(withRetries(attempt, options(0, sleeps))).rejects.toThrow('again');
    expect([state.calls, sleeps.length]).toEqual([1, 0]);
  });

  it("stops at once on p-retry's AbortError, rejecting with the error it wraps", async () => {
    const sleeps: number[] = [];
    const wrapped = new Error('again');
    const { state, attempt } = attempts(new AbortError(wrapped));
    await expect(withRetries(attempt, options(5, sleeps))).rejects.toBe(wrapped);
    expect([state.calls, sleeps.length]).toEqual([1, 0]);
  });

  it('tells onRetry the error, the retry number and the wait before each wait', async () => {
    const sleeps: number[] = [];
    const told: [string, number, number][] = [];
    const { attempt } = attempts(new Error('again'), new Error('again'), new Error('again'));
    await withRetries(attempt, {
      ...options(5, sleeps, { random: () => 0.999 }),
      onRetry: (error, retry, delayMs) => told.push([(error as Error).message, retry, delayMs]),
    });
    expect(told).toEqual([
      ['again', 1, 99],
      ['again', 2, 199],
      ['again', 3, 399],
    ]);
    expect(sleeps).toEqual([99, 199, 399]);
  });

  it('passes each attempt its 1-based number', async () => {
    const seen: number[] = [];
    await withRetries(
      async (n) => {
        seen.push(n);
        if (n < 3) throw new Error('again');
      },
      options(5, []),
    );
    expect(seen).toEqual([1, 2, 3]);
  });
});
