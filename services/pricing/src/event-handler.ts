/**
 * The consumer's message handler: parse an `inventory.stock_changed.v1` event, apply it, count and log
 * the outcome under the event's correlation id. Events handled at the same time (a receive's batch)
 * are applied in one transaction ({@link GroupCommit}); each message still gets its own outcome, and
 * after a failed batch each event is retried alone. A message that is not a valid event throws before
 * that, so it is not deleted and the redrive policy takes it to the DLQ, without touching the others.
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { MessageHandler } from '../../lib/src/consumer.js';
import { parseStockChanged, type StockChangedEvent } from '../../lib/src/events.js';
import { type Logger, withCorrelationId } from '../../lib/src/logger.js';
import { retryWhileUnavailable } from '../../lib/src/retry-unavailable.js';
import { GroupCommit } from './group-commit.js';
import type { ApplyOutcome, PriceStore } from './price-store.js';
import type { PricingMetrics } from './pricing-metrics.js';

/** Correlation id of a message: the event's `correlationid` extension, else a message attribute. */
function correlationIdOf(message: Message, fromEvent: string | undefined): string {
  const attrs = message.MessageAttributes ?? {};
  return (
    fromEvent ??
    attrs.correlationid?.StringValue ??
    attrs['correlation-id']?.StringValue ??
    message.MessageId ??
    'unknown'
  );
}

export interface EventHandlerDeps {
  store: PriceStore;
  logger: Logger;
  metrics: PricingMetrics;
  /** Clock for the lag histogram. @defaultvalue Date.now */
  now?: () => number;
  /**
   * Apply the events handled at the same time in one transaction. Off: one transaction per event.
   * @defaultvalue true
   */
  groupCommit?: boolean;
  /**
   * Aborted when the service stops: ends the wait for a database that went away (the message then
   * stays on the queue). Until then an event whose database is unreachable is retried here, with
   * backoff, instead of failing: a failed message counts a receive, and enough of those during an
   * outage would send good events to the DLQ.
   */
  signal?: AbortSignal;
}

export function createEventHandler(deps: EventHandlerDeps): MessageHandler {
  const { store, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const one = (event: StockChangedEvent) => store.applyStockChanged(event);
  const group = new GroupCommit<StockChangedEvent, ApplyOutcome>(
    (events) => store.applyStockChangedBatch(events),
    one,
  );
  const apply = (deps.groupCommit ?? true) ? (event: StockChangedEvent) => group.submit(event) : one;
  return async (message) => {
    const stopTimer = metrics.processing.startTimer();
    let event: StockChangedEvent;
    try {
      event = parseStockChanged(message.Body ?? '');
    } catch (err) {
      metrics.failed.inc({ reason: 'invalid' });
      withCorrelationId(correlationIdOf(message, undefined), () =>
        logger.warn(
          { err, messageId: message.MessageId, receiveCount: message.Attributes?.ApproximateReceiveCount },
          'invalid event left for the DLQ',
        ),
      );
      throw err;
    }
    await withCorrelationId(correlationIdOf(message, event.correlationid), async () => {
      const { sku, seq } = event.data;
      try {
        const result = await retryWhileUnavailable(() => apply(event), {
          logger,
          what: `applying ${sku} #${seq}`,
          signal: deps.signal,
        });
        if (result.outcome === 'applied') {
          metrics.consumed.inc();
          metrics.lag.observe(Math.max(0, now() - Date.parse(event.time)) / 1000);
          logger.info(
            { sku, seq, price: result.price.price, available: event.data.available },
            'price updated',
          );
        } else {
          metrics.ignored.inc({ reason: result.outcome });
          logger.debug({ sku, seq, lastSeq: result.lastSeq }, `${result.outcome} event ignored`);
        }
      } catch (err) {
        metrics.failed.inc({ reason: 'error' });
        logger.error({ err, sku, seq }, 'applying event failed; it will be retried');
        throw err;
      } finally {
        stopTimer();
      }
    });
  };
}
