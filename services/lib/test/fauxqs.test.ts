import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFauxqs, type TestQueue } from '../test-support/fauxqs.js';

// The services rely on these SQS FIFO semantics; this proves fauxqs 1.x provides them.
describe('fauxqs FIFO semantics', () => {
  let q: TestQueue;
  beforeAll(async () => {
    q = await startFauxqs({ name: 'semantics', maxReceiveCount: 2, visibilityTimeoutSeconds: 30 });
  });
  afterAll(() => q.stop());

  async function receiveAll(url: string) {
    const out: { body: string; group: string | undefined; handle: string }[] = [];
    for (;;) {
      const r = await q.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (!r.Messages?.length) return out;
      for (const m of r.Messages) {
        out.push({ body: m.Body ?? '', group: m.Attributes?.MessageGroupId, handle: m.ReceiptHandle ?? '' });
        await q.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      }
    }
  }

  it('creates the queue as FIFO with a redrive policy to the FIFO DLQ', async () => {
    const { Attributes } = await q.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.queueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.FifoQueue).toBe('true');
    expect(Attributes?.ContentBasedDeduplication).toBe('false');
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? '{}');
    expect({ ...redrive, maxReceiveCount: Number(redrive.maxReceiveCount) }).toEqual({
      deadLetterTargetArn: q.dlqArn,
      maxReceiveCount: 2,
    });
    expect(q.dlqArn).toMatch(/semantics-dlq\.fifo$/);
  });

  it('keeps order within a group and drops a repeated deduplication id', async () => {
    const entries = [1, 2, 3, 4].flatMap((n) => [
      { Id: `a${n}`, MessageBody: `A${n}`, MessageGroupId: 'A', MessageDeduplicationId: `a${n}` },
      { Id: `b${n}`, MessageBody: `B${n}`, MessageGroupId: 'B', MessageDeduplicationId: `b${n}` },
    ]);
    await q.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.queueUrl, Entries: entries }));
    // Same dedup id within the 5-minute window: accepted but not enqueued again.
    const again = await q.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.queueUrl,
        Entries: [{ Id: 'x', MessageBody: 'A1-again', MessageGroupId: 'A', MessageDeduplicationId: 'a1' }],
      }),
    );
    expect(again.Failed ?? []).toHaveLength(0);
    const got = await receiveAll(q.queueUrl);
    expect(got.filter((m) => m.group === 'A').map((m) => m.body)).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(got.filter((m) => m.group === 'B').map((m) => m.body)).toEqual(['B1', 'B2', 'B3', 'B4']);
  });

  it('moves a message received maxReceiveCount times to the DLQ without blocking other groups', async () => {
    await q.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.queueUrl,
        Entries: [
          { Id: 'p', MessageBody: 'poison', MessageGroupId: 'P', MessageDeduplicationId: 'poison-1' },
          { Id: 'ok', MessageBody: 'fine', MessageGroupId: 'OK', MessageDeduplicationId: 'fine-1' },
        ],
      }),
    );
    const seenOk: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const r = await q.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: q.queueUrl, MaxNumberOfMessages: 10 }),
      );
      for (const m of r.Messages ?? []) {
        if (m.Body === 'fine') {
          seenOk.push(m.Body);
          await q.sqs.send(
            new DeleteMessageCommand({ QueueUrl: q.queueUrl, ReceiptHandle: m.ReceiptHandle }),
          );
        } else {
          // Fail it: make it visible again at once, as a crashed consumer's message would become.
          await q.sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: q.queueUrl,
              ReceiptHandle: m.ReceiptHandle,
              VisibilityTimeout: 0,
            }),
          );
        }
      }
    }
    expect(seenOk).toEqual(['fine']);
    const dead = await receiveAll(q.dlqUrl);
    expect(dead.map((m) => m.body)).toEqual(['poison']);
    expect(await receiveAll(q.queueUrl)).toEqual([]);
  });
});
