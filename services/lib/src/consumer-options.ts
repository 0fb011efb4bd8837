/** Options of {@link Consumer}, validated once at construction with messages that state the rule. */
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { ConsumerOptionsError } from './consumer-errors.js';

/** Handles one message. Resolve to acknowledge (the message is deleted); throw to leave it on the queue. */
export type MessageHandler = (message: Message) => Promise<void>;

/** What {@link Consumer} needs; every optional field names its default. */
export interface ConsumerOptions {
  /** The SQS client (its endpoint decides real SQS or an emulator). */
  sqs: SQSClient;
  /** URL of the queue to consume. */
  queueUrl: string;
  /** Called once per message, serially within a message group, concurrently across groups. */
  handler: MessageHandler;
  /**
   * Messages asked for per `ReceiveMessage` call, 1–10.
   * @defaultvalue 10
   */
  batchSize?: number;
  /**
   * Long-poll wait per `ReceiveMessage`, 0–20 seconds.
   * @defaultvalue 20
   */
  waitTimeSeconds?: number;
  /**
   * Visibility timeout asked for on receive, 1–43200 seconds; slow work is extended by this much
   * every `heartbeatIntervalSeconds` with `ChangeMessageVisibility`.
   * @defaultvalue 30
   */
  visibilityTimeout?: number;
  /**
   * Seconds between visibility extensions of a message still being handled; must be below
   * `visibilityTimeout`.
   * @defaultvalue half of visibilityTimeout (rounded down, at least 1)
   */
  heartbeatIntervalSeconds?: number;
  /**
   * Most messages held at once (received and not yet settled), 1–1000. The loop receives again as
   * soon as there is room, so receiving overlaps handling.
   * @defaultvalue 20
   */
  concurrency?: number;
  /**
   * How long `stop()` waits for in-flight handlers before it gives up on them (they then return to
   * the queue when their visibility ends), in milliseconds.
   * @defaultvalue 10000
   */
  stopTimeoutMs?: number;
  /**
   * Longest wait, in milliseconds, before a partial `DeleteMessageBatch` goes out. A full one of 10
   * goes at once, and pending deletes always go out before the next `ReceiveMessage`. Longer windows
   * mean fewer calls but keep FIFO groups locked a little longer.
   * @defaultvalue 20
   */
  deleteBatchWindowMs?: number;
  /**
   * Pause after a failed `ReceiveMessage` before the next one, in milliseconds.
   * @defaultvalue 1000
   */
  errorBackoffMs?: number;
}

/** Options with every default filled in. */
export type ResolvedConsumerOptions = Required<ConsumerOptions>;

function check(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConsumerOptionsError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
}

/** Fills in defaults and rejects values SQS or the loop cannot honour. */
export function resolveOptions(options: ConsumerOptions): ResolvedConsumerOptions {
  if (!options.queueUrl) throw new ConsumerOptionsError('queueUrl is required');
  if (typeof options.handler !== 'function') throw new ConsumerOptionsError('handler must be a function');
  const visibilityTimeout = options.visibilityTimeout ?? 30;
  const resolved: ResolvedConsumerOptions = {
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    handler: options.handler,
    batchSize: options.batchSize ?? 10,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
    visibilityTimeout,
    heartbeatIntervalSeconds:
      options.heartbeatIntervalSeconds ?? Math.max(1, Math.floor(visibilityTimeout / 2)),
    concurrency: options.concurrency ?? 20,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    errorBackoffMs: options.errorBackoffMs ?? 1000,
    deleteBatchWindowMs: options.deleteBatchWindowMs ?? 20,
  };
  check('batchSize', resolved.batchSize, 1, 10);
  check('waitTimeSeconds', resolved.waitTimeSeconds, 0, 20);
  check('visibilityTimeout', resolved.visibilityTimeout, 1, 43_200);
  check('heartbeatIntervalSeconds', resolved.heartbeatIntervalSeconds, 1, resolved.visibilityTimeout);
  if (resolved.heartbeatIntervalSeconds >= resolved.visibilityTimeout && resolved.visibilityTimeout > 1) {
    throw new ConsumerOptionsError('heartbeatIntervalSeconds must be less than visibilityTimeout');
  }
  check('concurrency', resolved.concurrency, 1, 1000);
  check('stopTimeoutMs', resolved.stopTimeoutMs, 0, 3_600_000);
  check('errorBackoffMs', resolved.errorBackoffMs, 0, 600_000);
  check('deleteBatchWindowMs', resolved.deleteBatchWindowMs, 0, 1000);
  return resolved;
}
