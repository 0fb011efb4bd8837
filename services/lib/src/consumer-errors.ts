/** Typed errors of the consumer loop, so listeners can tell configuration, SQS and handler failures apart. */
import type { Message } from '@aws-sdk/client-sqs';

/** An option is out of range or missing; thrown by the constructor. */
export class ConsumerOptionsError extends Error {
  override readonly name = 'ConsumerOptionsError';
}

/** An SQS call failed (receive, delete, visibility change); `operation` names the API action. */
export class SqsOperationError extends Error {
  override readonly name = 'SqsOperationError';
  constructor(
    readonly operation: 'ReceiveMessage' | 'DeleteMessageBatch' | 'ChangeMessageVisibility',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed: ${message}`, options);
  }
}

/** The handler threw for a message; the message stays on the queue (and reaches the DLQ by redrive). */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';
  constructor(
    readonly sqsMessage: Message,
    options: { cause: unknown },
  ) {
    super(
      `handler failed for message ${sqsMessage.MessageId}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
  }
}
