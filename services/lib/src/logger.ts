import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

const correlation = new AsyncLocalStorage<string>();

/** Runs `fn` with `id` as the current correlation id; every log line written inside carries it. */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return correlation.run(id, fn);
}

/** The correlation id of the current async context, if any. */
export function currentCorrelationId(): string | undefined {
  return correlation.getStore();
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Logger name, written as `name` on every line (the service name). */
  name: string;
  /** Minimum level. @defaultValue `'info'` */
  level?: LevelWithSilent;
  /** Where lines go. @defaultValue standard output */
  destination?: DestinationStream;
}

/** A JSON (pino) logger that adds `correlationId` to each line written inside {@link withCorrelationId}. */
export function createLogger(options: LoggerOptions): Logger {
  const config = {
    name: options.name,
    level: options.level ?? 'info',
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const correlationId = correlation.getStore();
      return correlationId === undefined ? {} : { correlationId };
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
