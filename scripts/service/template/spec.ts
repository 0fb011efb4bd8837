// What the template is told about a new service, and the identifiers its files derive from the name.
import { schemaOf } from '../../../services/lib/catalogue/names.js';
import type { Kind } from '../../../services/lib/catalogue/score-schema.js';

/** A new service, as `npm run new:service` validated it (scripts/service/options.ts). */
export interface ServiceSpec {
  /** Its name: the folder, the package `@delivery/<name>`, the image, the Kubernetes objects. */
  readonly name: string;
  readonly kind: Kind;
  /** The port it listens on (its PORT; the declaration's targetPort). */
  readonly port: number;
  /** It owns a PostgreSQL schema with a first migration (http-api, queue-worker). */
  readonly database: boolean;
  /** The queue id it sends to (http-api). */
  readonly sends: string | undefined;
  /** The queue id it receives from (queue-worker, required there). */
  readonly receives: string | undefined;
}

/** The identifiers a service's code uses, from its name: `order-book` → `orderBook`, `OrderBook`, `order_book`. */
export interface Identifiers {
  readonly name: string;
  /** `orderBook`: `orderBookEnv`, `orderBookRoutes`. */
  readonly camel: string;
  /** `OrderBook`: `startOrderBook`, `loadOrderBookConfig`, `OrderBookConfig`. */
  readonly pascal: string;
  /** `order_book`: its PostgreSQL schema. */
  readonly schema: string;
}

export function identifiers(name: string): Identifiers {
  const pascal = name
    .split('-')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
  return {
    name,
    camel: `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}`,
    pascal,
    schema: schemaOf(name),
  };
}

/** The queue it uses (either direction), if any. */
export const queueOf = (spec: ServiceSpec): string | undefined => spec.sends ?? spec.receives;

/** Lines that are kept only when `condition` holds: `...when(spec.database, 'line')`. */
export const when = (condition: boolean, ...lines: string[]): string[] => (condition ? lines : []);

/** The lines that are strings (a `false` or `undefined` one is left out, leaving no blank line), joined. */
export const lines = (...parts: ReadonlyArray<string | false | undefined>): string =>
  parts.filter((p): p is string => typeof p === 'string').join('\n');

/**
 * `text` as lines of at most `width` characters, broken between words (a `code span` counts as one), each
 * starting with `prefix` (`//`, `#`, or nothing for Markdown): comments and paragraphs whose length
 * depends on the service's name.
 */
export function comment(text: string, width = 108, prefix = '//'): string {
  const out: string[] = [];
  let line = prefix;
  // A `code span` stays whole on one line: a command is read, and copied, as one.
  for (const word of text.match(/[^\s`]*`[^`]*`[^\s`]*|\S+/g) ?? []) {
    if (line.length + 1 + word.length > width && line !== prefix) {
      out.push(line);
      line = prefix;
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out.join('\n');
}

/** A Markdown paragraph wrapped at `width`. */
export const paragraph = (text: string, width = 108): string => comment(text, width, '');
