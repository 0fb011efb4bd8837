/**
 * Collects acknowledged messages and deletes them with `DeleteMessageBatch`, up to 10 per call:
 * a batch goes out when it is full or `windowMs` after its first entry. The window is short because
 * a FIFO group stays locked until its message is deleted.
 */
import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SqsOperationError } from './consumer-errors.js';

const MAX_BATCH = 10;

export class DeleteBatcher {
  private pending: Array<{ id: string; receiptHandle: string }> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly flights = new Set<Promise<void>>();
  private nextId = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly windowMs: number,
    private readonly onError: (error: SqsOperationError) => void,
  ) {}

  /** Queues a receipt handle for deletion. */
  add(receiptHandle: string): void {
    this.pending.push({ id: String(this.nextId++), receiptHandle });
    if (this.pending.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Sends every queued delete now; resolves when all calls in flight have ended. */
  async drain(): Promise<void> {
    this.flush();
    while (this.flights.size > 0) await Promise.all([...this.flights]);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const entries = this.pending.splice(0, MAX_BATCH);
      const flight = this.send(entries).finally(() => this.flights.delete(flight));
      this.flights.add(flight);
    }
  }

  private async send(entries: Array<{ id: string; receiptHandle: string }>): Promise<void> {
    try {
      const out = await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: entries.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle })),
        }),
      );
      // A failed entry stays on the queue and is delivered again; the handler is idempotent.
      for (const failed of out.Failed ?? []) {
        this.onError(new SqsOperationError('DeleteMessageBatch', `${failed.Code}: ${failed.Message ?? ''}`));
      }
    } catch (error) {
      this.onError(new SqsOperationError('DeleteMessageBatch', (error as Error).message, { cause: error }));
    }
  }
}
