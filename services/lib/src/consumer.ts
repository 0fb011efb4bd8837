/**
 * A focused SQS consumer loop for FIFO event queues (in the manner of bbc/sqs-consumer, with the
 * ordering this job needs):
 *
 * - long-polls `ReceiveMessage`, a whole batch at a time, and starts the next receive as soon as a
 *   batch of room is free (`concurrency`), so receiving overlaps handling instead of waiting for the
 *   slowest message of a batch;
 * - handles messages concurrently across message groups and strictly in order within a group
 *   (a batch from a FIFO queue may hold several messages of one group);
 * - deletes acknowledged messages with `DeleteMessageBatch`, and extends the visibility of slow
 *   ones with `ChangeMessageVisibility`;
 * - never deletes a message whose handler threw. The queue's redrive policy moves it to the DLQ
 *   after `maxReceiveCount` receives. Other groups keep flowing, but — the FIFO contract — later
 *   messages of the SAME group wait behind it until it is redriven (a standard queue has no
 *   groups: each message is its own lane).
 *
 * `stop()` stops receiving (aborting the long poll), waits up to `stopTimeoutMs` for in-flight
 * handlers, sends the last deletes and resolves.
 */
import { EventEmitter } from 'node:events';
import {
  ChangeMessageVisibilityCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { HandlerError, SqsOperationError } from './consumer-errors.js';
import { type ConsumerOptions, type ResolvedConsumerOptions, resolveOptions } from './consumer-options.js';
import { DeleteBatcher } from './delete-batcher.js';
import { SerialLanes } from './serial-lanes.js';
import { sleep } from './sleep.js';

export { ConsumerOptionsError, HandlerError, SqsOperationError } from './consumer-errors.js';
export type { ConsumerOptions, MessageHandler } from './consumer-options.js';

/** Events emitted by {@link Consumer}, with their arguments. */
export interface ConsumerEvents {
  started: [];
  /** A `ReceiveMessage` returned nothing within `waitTimeSeconds`. */
  empty: [];
  message_received: [Message];
  /** The handler resolved; the message is queued for deletion. */
  message_processed: [Message];
  /** The handler threw; the message stays on the queue. */
  processing_error: [HandlerError];
  /** Not handled because an earlier message of its group failed in this round; it is delivered again later. */
  message_skipped: [Message];
  /** An SQS call failed; the loop goes on. */
  error: [SqsOperationError];
  /** `stop()` finished; `drained` is false when handlers were still running at the timeout. */
  stopped: [{ drained: boolean }];
}

/** The key that orders a message: its FIFO group, or (standard queues) the message itself. */
function laneKey(message: Message): string {
  return message.Attributes?.MessageGroupId ?? message.MessageId ?? '';
}

export class Consumer extends EventEmitter<ConsumerEvents> {
  private readonly options: ResolvedConsumerOptions;
  private readonly lanes = new SerialLanes();
  private readonly deletes: DeleteBatcher;
  private running = false;
  private inFlight = 0;
  private abort = new AbortController();
  private receiving = 0;
  /** Room promised to the receives in flight (what they asked for). */
  private reserved = 0;
  private pumpScheduled = false;
  private readonly receives = new Set<Promise<void>>();
  private wake: (() => void) | undefined;

  constructor(options: ConsumerOptions) {
    super();
    this.options = resolveOptions(options);
    this.deletes = new DeleteBatcher(
      this.sqs,
      this.options.queueUrl,
      this.options.deleteBatchWindowMs,
      (error) => this.emit('error', error),
    );
  }

  private get sqs(): SQSClient {
    return this.options.sqs;
  }

  /** Whether the loop is receiving. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Messages received and not yet settled. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Starts the receive loop; calling it again while running does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.emit('started');
    this.pump();
  }

  /** Stops receiving, waits for in-flight work (bounded by `stopTimeoutMs`), flushes deletes. */
  async stop(): Promise<{ drained: boolean }> {
    if (!this.running && this.receives.size === 0) return { drained: this.inFlight === 0 };
    this.running = false;
    this.abort.abort();
    while (this.receives.size > 0) await Promise.all([...this.receives]);
    const drained = await this.waitIdle(this.options.stopTimeoutMs);
    await this.deletes.drain();
    this.emit('stopped', { drained });
    return { drained };
  }

  /**
   * Starts as many receives as fit: each reserves the room it asks for, so with `concurrency` 20 and
   * `batchSize` 10 two receives run side by side, and a new one starts as soon as half a batch of room
   * is free again, while the rest is still being handled: one slow message holds only its own slot,
   * not the next receive (no head-of-line blocking, also when `concurrency` equals `batchSize`).
   */
  private pump(): void {
    const { batchSize, concurrency } = this.options;
    const worthwhile = Math.min(concurrency, Math.ceil(batchSize / 2));
    while (this.running) {
      const room = concurrency - this.inFlight - this.reserved;
      const idle = this.inFlight === 0 && this.receiving === 0;
      // Each ReceiveMessage is a round trip: ask when enough room is free, or anything at all when idle.
      if (room < worthwhile && !(idle && room > 0)) return;
      const max = Math.min(batchSize, room);
      this.receiving += 1;
      this.reserved += max;
      const receive = this.receiveOnce(max).finally(() => {
        this.receiving -= 1;
        this.reserved -= max;
        this.receives.delete(receive);
        this.pump();
      });
      this.receives.add(receive);
    }
  }

  /**
   * Pumps once after the current turn: the messages of a batch that settle together (one group commit)
   * free their room together, so the next receive asks for all of it, not half a batch at a time.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private async receiveOnce(max: number): Promise<void> {
    const { queueUrl, visibilityTimeout, waitTimeSeconds } = this.options;
    let messages: Message[];
    try {
      // Deletes first: a FIFO group is locked until its message is deleted, and one batch of
      // deletes before each receive keeps the calls per message low.
      await this.deletes.drain();
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: visibilityTimeout,
          MessageSystemAttributeNames: ['MessageGroupId', 'ApproximateReceiveCount', 'SentTimestamp'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      messages = out.Messages ?? [];
    } catch (error) {
      if (!this.running) return;
      this.emit('error', new SqsOperationError('ReceiveMessage', (error as Error).message, { cause: error }));
      await sleep(this.options.errorBackoffMs, this.abort.signal);
      return;
    }
    if (messages.length === 0) this.emit('empty');
    for (const message of messages) this.dispatch(message);
  }

  private dispatch(message: Message): void {
    this.inFlight += 1;
    this.emit('message_received', message);
    const heartbeat = setInterval(
      () => void this.extendVisibility(message),
      this.options.heartbeatIntervalSeconds * 1000,
    );
    void this.lanes
      .schedule(laneKey(message), () => this.options.handler(message))
      .then((outcome) => {
        clearInterval(heartbeat);
        if (outcome.status === 'ok') {
          if (message.ReceiptHandle) this.deletes.add(message.ReceiptHandle);
          this.emit('message_processed', message);
        } else if (outcome.status === 'failed') {
          this.emit('processing_error', new HandlerError(message, { cause: outcome.error }));
        } else {
          this.emit('message_skipped', message);
        }
        this.inFlight -= 1;
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
        this.schedulePump();
      });
  }

  private async extendVisibility(message: Message): Promise<void> {
    try {
      await this.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.options.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: this.options.visibilityTimeout,
        }),
      );
    } catch (error) {
      this.emit(
        'error',
        new SqsOperationError('ChangeMessageVisibility', (error as Error).message, { cause: error }),
      );
    }
  }

  private async waitIdle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(50, Math.max(0, deadline - Date.now())));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.inFlight === 0;
  }
}
