// How orders sends to orders-events: one FIFO message per call, ordered within its group, never
// delivered twice for one call (a fresh MessageDeduplicationId), carrying the request's correlation id.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A message to send: its FIFO group and a JSON body. */
export interface OutgoingMessage {
  group: string;
  body: Record<string, unknown>;
  correlationId: string;
}

/** Sends `message`; resolves with SQS's MessageId. */
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
  if (!sent.MessageId) throw new Error(`SQS returned no MessageId for a message to ${queueUrl}`);
  return sent.MessageId;
}
