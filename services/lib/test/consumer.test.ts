import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Consumer, type ConsumerOptions, ConsumerOptionsError, type HandlerError } from '../src/consumer.js';
import { queueDepth as depth, sendInBatches, startFauxqs, type TestQueue } from '../test-support/fauxqs.js';
import { until } from '../test-support/processes.js';

/** Sends in order; the deduplication id is unique per message of a call. */
function send(sqs: SQSClient, queueUrl: string, messages: Array<{ group: string; body: string }>) {
  return sendInBatches(
    sqs,
    queueUrl,
    messages.map((m, i) => ({ ...m, dedup: `${m.group}-${m.body}-${i}` })),
  );
}

let queue: TestQueue;
let consumer: Consumer | undefined;
beforeEach(async () => {
  queue = await startFauxqs({ name: `c${Date.now()}`, maxReceiveCount: 2, visibilityTimeoutSeconds: 1 });
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  await queue.stop();
});

const base = (handler: ConsumerOptions['handler']): ConsumerOptions => ({
  sqs: queue.sqs,
  queueUrl: queue.queueUrl,
  handler,
  waitTimeSeconds: 1,
  visibilityTimeout: 2,
  heartbeatIntervalSeconds: 1,
});

describe('Consumer', () => {
  it('keeps receiving while one slow message holds a slot, also when concurrency equals the batch size', async () => {
    await send(
      queue.sqs,
      queue.queueUrl,
      Array.from({ length: 30 }, (_, i) => ({ group: `G${i}`, body: String(i) })),
    );
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slowOne: string | undefined;
    const done = new Set<string>();
    consumer = new Consumer({
      ...base(async (message: Message) => {
        // The first message handled stays in its handler until the others are done.
        slowOne ??= message.Body;
        if (message.Body === slowOne) await slow;
        done.add(message.Body as string);
      }),
      concurrency: 10,
      batchSize: 10,
    });
    consumer.start();
    // With a full batch of room required per receive, the 29 others would wait for the slow one.
    await until(() => done.size === 29, 10_000);
    release();
    await until(() => done.size === 30, 10_000);
  });

  it('handles groups concurrently and each group strictly in order, then deletes everything', async () => {
    const groups = ['A', 'B', 'C', 'D', 'E'];
    await send(
      queue.sqs,
      queue.queueUrl,
      Array.from({ length: 60 }, (_, i) => ({
        group: groups[i % 5] as string,
        body: String(Math.floor(i / 5)),
      })),
    );
    const seen = new Map<string, number[]>();
    let running = 0;
    let maxRunning = 0;
    const runningPerGroup = new Map<string, number>();
    let maxPerGroup = 0;
    consumer = new Consumer(
      base(async (message: Message) => {
        const group = message.Attributes?.MessageGroupId as string;
        running += 1;
        runningPerGroup.set(group, (runningPerGroup.get(group) ?? 0) + 1);
        maxRunning = Math.max(maxRunning, running);
        maxPerGroup = Math.max(maxPerGroup, runningPerGroup.get(group) ?? 0);
        await new Promise((r) => setTimeout(r, 5));
        seen.set(group, [...(seen.get(group) ?? []), Number(message.Body)]);
        runningPerGroup.set(group, (runningPerGroup.get(group) ?? 1) - 1);
        running -= 1;
      }),
    );
    consumer.start();
    await until(() => [...seen.values()].reduce((n, list) => n + list.length, 0) === 60);
    for (const group of groups) expect(seen.get(group)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(maxRunning).toBeGreaterThan(1);
    expect(maxPerGroup).toBe(1);
    await until(async () => (await depth(queue.sqs, queue.queueUrl)) === 0);
  });

  it('leaves a failing message for the DLQ while other groups keep flowing', async () => {
    await send(queue.sqs, queue.queueUrl, [
      { group: 'bad', body: 'poison' },
      ...Array.from({ length: 20 }, (_, i) => ({ group: `g${i % 4}`, body: `ok${i}` })),
    ]);
    const done: string[] = [];
    const errors: HandlerError[] = [];
    consumer = new Consumer(
      base(async (message) => {
        if (message.Body === 'poison') throw new Error('cannot parse');
        done.push(message.Body as string);
      }),
    );
    consumer.on('processing_error', (e) => errors.push(e));
    consumer.start();
    await until(() => done.length === 20);
    // Visibility 2 s, maxReceiveCount 2: the third receive moves it to the DLQ.
    await until(async () => (await depth(queue.sqs, queue.dlqUrl)) === 1, 20_000);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.sqsMessage.Body).toBe('poison');
    expect(await depth(queue.sqs, queue.queueUrl)).toBe(0);
  });

  it('extends the visibility of slow work so the message is not delivered twice', async () => {
    await send(queue.sqs, queue.queueUrl, [{ group: 'slow', body: 'x' }]);
    let calls = 0;
    consumer = new Consumer(
      base(async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 4500)); // over twice the 2 s visibility
      }),
    );
    const processed: Message[] = [];
    consumer.on('message_processed', (m) => processed.push(m));
    consumer.start();
    await until(() => processed.length === 1, 20_000);
    await until(async () => (await depth(queue.sqs, queue.queueUrl)) === 0);
    expect(calls).toBe(1);
  });

  it('stop() finishes in-flight work, deletes it, and receives nothing more', async () => {
    await send(queue.sqs, queue.queueUrl, [{ group: 'a', body: '1' }]);
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      consumer = new Consumer(
        base(
          () =>
            new Promise<void>((done) => {
              release = done;
              resolve();
            }),
        ),
      );
    });
    consumer?.start();
    await started;
    const stopping = consumer?.stop();
    await send(queue.sqs, queue.queueUrl, [{ group: 'b', body: 'after-stop' }]);
    release();
    await expect(stopping).resolves.toEqual({ drained: true });
    expect(consumer?.isRunning).toBe(false);
    // The in-flight one was deleted; the one sent after stop is still waiting.
    expect(await depth(queue.sqs, queue.queueUrl)).toBe(1);
  });

  it.each([
    [{ batchSize: 11 }, 'batchSize must be an integer between 1 and 10, got 11'],
    [{ batchSize: 0 }, 'batchSize must be an integer between 1 and 10, got 0'],
    [{ waitTimeSeconds: 21 }, 'waitTimeSeconds must be an integer between 0 and 20, got 21'],
    [{ concurrency: 0 }, 'concurrency must be an integer between 1 and 1000, got 0'],
    [
      { visibilityTimeout: 10, heartbeatIntervalSeconds: 10 },
      'heartbeatIntervalSeconds must be less than visibilityTimeout',
    ],
    [{ queueUrl: '' }, 'queueUrl is required'],
  ])('rejects options %j', (bad, message) => {
    const options = {
      ...base(async () => undefined),
      heartbeatIntervalSeconds: undefined,
      ...bad,
    } as ConsumerOptions;
    expect(() => new Consumer(options)).toThrow(new ConsumerOptionsError(message));
  });
});
