import { describe, expect, it } from '@jest/globals';
import { SerialLanes } from '../src/serial-lanes.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('SerialLanes', () => {
  it('runs one key in order and different keys side by side', async () => {
    const lanes = new SerialLanes();
    const log: string[] = [];
    const gates: Array<() => void> = [];
    const task = (name: string) => () =>
      new Promise<void>((resolve) => {
        log.push(`start ${name}`);
        gates.push(() => {
          log.push(`end ${name}`);
          resolve();
        });
      });
    const outcomes = [
      lanes.schedule('a', task('a1')),
      lanes.schedule('a', task('a2')),
      lanes.schedule('b', task('b1')),
    ];
    await tick();
    expect(log).toEqual(['start a1', 'start b1']); // a2 waits for a1; b1 does not
    gates.shift()?.(); // end a1
    await tick();
    expect(log).toContain('start a2');
    while (gates.length > 0) {
      gates.shift()?.();
      await tick();
    }
    expect(await Promise.all(outcomes)).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
    expect(lanes.activeKeys).toBe(0);
  });

  it('skips what is queued behind a failure in the same key only, then starts clean', async () => {
    const lanes = new SerialLanes();
    const ran: string[] = [];
    const ok = (name: string) => async () => {
      ran.push(name);
    };
    const failure = new Error('poison');
    const results = await Promise.all([
      lanes.schedule('a', async () => {
        throw failure;
      }),
      lanes.schedule('a', ok('a2')),
      lanes.schedule('b', ok('b1')),
    ]);
    expect(results).toEqual([{ status: 'failed', error: failure }, { status: 'skipped' }, { status: 'ok' }]);
    expect(ran).toEqual(['b1']);
    expect(await lanes.schedule('a', ok('a3'))).toEqual({ status: 'ok' });
  });
});
