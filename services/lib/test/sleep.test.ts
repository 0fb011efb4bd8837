import { getEventListeners } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { sleep } from '../src/sleep.js';

describe('sleep', () => {
  it('waits the given time', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('ends early, without rejecting, when the signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const slept = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(slept).resolves.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('returns at once for an already aborted signal', async () => {
    const started = performance.now();
    await sleep(10_000, AbortSignal.abort());
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('leaves no abort listener behind on a long-lived signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i += 1) await sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
