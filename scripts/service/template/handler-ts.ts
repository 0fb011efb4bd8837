// src/handler.ts (queue-worker) and src/publisher.ts (http-api --sends): the two ends of a queue, on
// services/lib's Consumer and the AWS SDK's SendMessage, FIFO (MessageGroupId, MessageDeduplicationId).
import type { Identifiers, ServiceSpec } from './spec.js';

export function handlerTs(spec: ServiceSpec, { name }: Identifiers): string | undefined {
  if (spec.kind !== 'queue-worker') return undefined;
  return `// What ${name} does with each message of ${spec.receives}: the example records it (store.ts), so GET
// /v1/messages shows it. Replace it with the service's work. Resolving acknowledges the message (the
// Consumer deletes it); throwing leaves it on the queue, and the redrive policy moves it to the DLQ
// after maxReceiveCount receives. Messages of one group come one after another, in order.
import type { Message } from '@aws-sdk/client-sqs';
import type { MessageHandler } from '../../lib/src/consumer.js';
import type { Logger } from '../../lib/src/logger.js';
import type { MessageStore } from './store.js';

export function recordMessages(store: MessageStore, logger: Logger): MessageHandler {
  return async (message: Message) => {
    if (!message.MessageId) throw new Error('a message without a MessageId');
    await store.record({
      id: message.MessageId,
      group: message.Attributes?.MessageGroupId ?? null,
      body: message.Body ?? '',
    });
    logger.info(
      { messageId: message.MessageId, correlationId: message.MessageAttributes?.correlationId?.StringValue },
      'message handled',
    );
  };
}
`;
}

export function publisherTs(spec: ServiceSpec, { name }: Identifiers): string | undefined {
  if (spec.sends === undefined) return undefined;
  return `// How ${name} sends to ${spec.sends}: one FIFO message per call, ordered within its group, never
// delivered twice for one call (a fresh MessageDeduplicationId), carrying the request's correlation id.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A message to send: its FIFO group and a JSON body. */
export interface OutgoingMessage {
  group: string;
  body: Record<string, unknown>;
  correlationId: string;
}

/** Sends \`message\`; resolves with SQS's MessageId. */
export async function publish(sqs: SQSClient, queueUrl: string, message: OutgoingMessage): Promise<string> {
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message.body),
      MessageGroupId: message.group,
      MessageDeduplicationId: randomUUID(),
      MessageAttributes: { correlationId: { DataType: 'String', StringValue: message.correlationId } },
    }),
  );
  if (!sent.MessageId) throw new Error(\`SQS returned no MessageId for a message to \${queueUrl}\`);
  return sent.MessageId;
}
`;
}
