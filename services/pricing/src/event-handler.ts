/**
 * The consumer's message handler: parse an `inventory.stock_changed.v1` event, apply it in one
 * transaction, count and log the outcome under the event's correlation id. A message that is not
 * a valid event throws, so it is not deleted and the redrive policy takes it to the DLQ.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { parseStockChanged } from '../../lib/src/events.js';
import { type Logger, withCorrelationId } from '../../lib/src/logger.js';
import type { MessageHandler } from './consumer.js';
import type { PriceStore } from './price-store.js';
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
}

export function createEventHandler(deps: EventHandlerDeps): MessageHandler {
  const { store, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  return async (message) => {
    const stopTimer = metrics.processing.startTimer();
    let event: ReturnType<typeof parseStockChanged>;
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
        const result = await store.applyStockChanged(event);
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
