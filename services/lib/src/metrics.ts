import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Collect Node process metrics (CPU, memory, event-loop lag) into this registry. @defaultValue `true` */
  defaultMetrics?: boolean;
  /** Labels added to every metric, e.g. `{ service: 'inventory' }`. */
  defaultLabels?: Record<string, string>;
}

/** Definition of one metric. */
export interface MetricDefinition<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * One prom-client {@link Registry} per app. prom-client's global registry throws on a second
 * registration of a name, which breaks two apps in one process (the local stack, tests).
 * Metric helpers are get-or-create, so building the same app twice on one registry is safe.
 */
export class Metrics {
  readonly registry: Registry;

  constructor(options: MetricsOptions = {}) {
    this.registry = new Registry();
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = string>(def: MetricDefinition<L>): Counter<L> {
    return this.existing<Counter<L>>(def.name) ?? new Counter<L>({ ...this.common(def) });
  }

  /**
   * @param def.collect - called at each scrape to set the value (e.g. a queue depth read on demand);
   *   errors it throws fail the scrape, so catch what may fail.
   */
  gauge<L extends string = string>(
    def: MetricDefinition<L> & { collect?: (gauge: Gauge<L>) => void | Promise<void> },
  ): Gauge<L> {
    const existing = this.existing<Gauge<L>>(def.name);
    if (existing) return existing;
    const { collect } = def;
    return new Gauge<L>({
      ...this.common(def),
      ...(collect
        ? {
            collect(this: Gauge<L>) {
              return collect(this);
            },
          }
        : {}),
    });
  }

  /** @param def.buckets - upper bounds in the metric's unit; defaults to latency buckets in seconds. */
  histogram<L extends string = string>(def: MetricDefinition<L> & { buckets?: number[] }): Histogram<L> {
    return (
      this.existing<Histogram<L>>(def.name) ??
      new Histogram<L>({
        ...this.common(def),
        buckets: def.buckets ?? [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      })
    );
  }

  /** The exposition text of every metric, for `/metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as M | undefined;
  }

  private common<L extends string>(def: MetricDefinition<L>) {
    return {
      name: def.name,
      help: def.help,
      labelNames: def.labelNames ?? [],
      registers: [this.registry],
    };
  }
}
