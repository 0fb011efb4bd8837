import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { createSqsClient, ensureQueues, type QueueUrls } from '../src/sqs.js';

/** A running in-process fauxqs with the event queue and its DLQ, from {@link startFauxqs}. */
export interface TestQueue extends QueueUrls {
  /** Endpoint URL (`http://127.0.0.1:<port>`) for SQS_ENDPOINT. */
  endpoint: string;
  port: number;
  /** A client pointed at the endpoint (region us-east-1, dummy credentials). */
  sqs: SQSClient;
  /** Stops the server (messages are lost: fauxqs keeps nothing) and destroys the client. */
  stop: () => Promise<void>;
}

/** Options of {@link startFauxqs}. */
export interface StartFauxqsOptions {
  /** Port; 0 picks a free one. Pass a previous port to "bring SQS back" after a stop. @defaultValue 0 */
  port?: number;
  /** Queue base name (`<name>.fifo`, `<name>-dlq.fifo`). @defaultValue `'inventory-events'` */
  name?: string;
  /** Redrive threshold. @defaultValue 5 */
  maxReceiveCount?: number;
  /** Event queue visibility timeout in seconds. @defaultValue 30 */
  visibilityTimeoutSeconds?: number;
}

/** Starts fauxqs on 127.0.0.1 and creates the FIFO event queue and DLQ with {@link ensureQueues}. */
export async function startFauxqs(options: StartFauxqsOptions = {}): Promise<TestQueue> {
  // fauxqs' own startFauxqs binds 0.0.0.0; tests stay on loopback.
  const server = buildApp({ logger: false });
  await server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const port = (server.server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = createSqsClient({ endpoint, region: 'us-east-1' });
  const urls = await ensureQueues(sqs, {
    name: options.name ?? 'inventory-events',
    ...(options.maxReceiveCount === undefined ? {} : { maxReceiveCount: options.maxReceiveCount }),
    ...(options.visibilityTimeoutSeconds === undefined
      ? {}
      : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
  });
  return {
    ...urls,
    endpoint,
    port,
    sqs,
    stop: async () => {
      sqs.destroy();
      await server.close();
    },
  };
}

/** A message for {@link sendInBatches}: body, FIFO group and deduplication id. */
export interface FifoMessage {
  body: string;
  group: string;
  dedup: string;
}

/** Sends `messages` in order, in batches of 10 (the SQS limit); throws if any entry fails. */
export async function sendInBatches(
  sqs: SQSClient,
  queueUrl: string,
  messages: FifoMessage[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.slice(i, i + 10).map((m, j) => ({
          Id: String(j),
          MessageBody: m.body,
          MessageGroupId: m.group,
          MessageDeduplicationId: m.dedup,
        })),
      }),
    );
    if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(out.Failed)}`);
  }
}

/** Messages on a queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}
