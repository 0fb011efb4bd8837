/**
 * Gauges of the event queue's backlog and the DLQ's depth (`ApproximateNumberOfMessages`), refreshed
 * every `intervalMs` and on each scrape, so an alert on a growing DLQ does not wait for the timer.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Gauge } from 'prom-client';
import type { Logger } from '../../lib/src/logger.js';
import type { Metrics } from '../../lib/src/metrics.js';

/** Options of {@link QueueDepthMonitor}. */
export interface QueueDepthOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** DLQ URL; when absent it is found from the queue's `RedrivePolicy`. */
  dlqUrl?: string | undefined;
  metrics: Metrics;
  logger: Logger;
  /** Refresh period in ms. @defaultvalue 15000 */
  intervalMs?: number;
}

export class QueueDepthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private dlqUrl: string | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly backlog: Gauge<'state'>;
  private readonly dlq: Gauge;

  constructor(private readonly options: QueueDepthOptions) {
    this.dlqUrl = options.dlqUrl;
    const registers = [options.metrics.registry];
    this.backlog = new Gauge({
      name: 'pricing_queue_backlog_messages',
      help: 'Messages in the event queue: visible (waiting) and in_flight (received, not deleted)',
      labelNames: ['state'] as const,
      registers,
      collect: () => this.refresh(),
    });
    this.dlq = new Gauge({
      name: 'pricing_dlq_messages',
      help: 'Messages in the dead-letter queue (poison events to inspect)',
      registers,
      collect: () => this.refresh(),
    });
  }

  /** Starts the periodic refresh (and refreshes once now). */
  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? 15_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Reads both queues' counts into the gauges; failures are logged, the gauges keep their last value.
   * Concurrent calls (a scrape collects both gauges at once) share one round of requests.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    try {
      const main = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'RedrivePolicy',
          ],
        }),
      );
      const attrs = main.Attributes ?? {};
      this.backlog.set({ state: 'visible' }, Number(attrs.ApproximateNumberOfMessages ?? 0));
      this.backlog.set({ state: 'in_flight' }, Number(attrs.ApproximateNumberOfMessagesNotVisible ?? 0));
      this.dlqUrl ??= await this.findDlq(attrs.RedrivePolicy);
      if (this.dlqUrl) {
        const dlq = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: this.dlqUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        this.dlq.set(Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0));
      }
    } catch (err) {
      this.options.logger.warn({ err }, 'queue depth refresh failed');
    }
  }

  private async findDlq(redrivePolicy: string | undefined): Promise<string | undefined> {
    if (!redrivePolicy) return undefined;
    const arn = (JSON.parse(redrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    const name = arn?.split(':').at(-1);
    if (!name) return undefined;
    const { QueueUrl } = await this.options.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    return QueueUrl;
  }
}
