/** Pricing's own Prometheus metrics, on the app's registry. */
import type { Metrics } from '../../lib/src/metrics.js';

/** The counters and histograms the event handler updates. */
export function pricingMetrics(metrics: Metrics) {
  return {
    consumed: metrics.counter({
      name: 'pricing_events_consumed_total',
      help: 'Stock events applied (the price was recomputed)',
    }),
    ignored: metrics.counter({
      name: 'pricing_events_ignored_total',
      help: 'Stock events acknowledged without effect: duplicate (same seq) or stale (older seq)',
      labelNames: ['reason'] as const,
    }),
    failed: metrics.counter({
      name: 'pricing_events_failed_total',
      help: 'Messages left on the queue: invalid (poison, goes to the DLQ by redrive) or error (retried)',
      labelNames: ['reason'] as const,
    }),
    processing: metrics.histogram({
      name: 'pricing_event_processing_seconds',
      help: 'Time to apply one stock event (parse, transaction)',
    }),
    lag: metrics.histogram({
      name: 'pricing_event_lag_seconds',
      help: 'Time from the stock change (event time) to its price being stored',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
  };
}

export type PricingMetrics = ReturnType<typeof pricingMetrics>;
