import { randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import { z } from 'zod';

/** CloudEvents `type` of a stock change. A breaking change of `data` gets a new `.vN`. */
export const STOCK_CHANGED_TYPE = 'inventory.stock_changed.v1';

/** Largest quantity any stock figure can hold (fits PostgreSQL `integer`). */
export const MAX_QUANTITY = 1_000_000_000;

/** Why a stock level changed. */
export const stockChangeReasons = ['set', 'adjustment', 'reserved', 'released', 'committed'] as const;

/** SKU format shared by both services: 1–64 of upper-case letters, digits, `-`, `_`, `.`; starts alphanumeric. */
export const skuSchema = z
  .string()
  .regex(
    /^[A-Z0-9][A-Z0-9._-]{0,63}$/,
    'expected 1-64 characters: A-Z, 0-9, ".", "_" or "-", starting with A-Z or 0-9',
  );

const count = z.number().int().min(0).max(MAX_QUANTITY);

/** `data` of an `inventory.stock_changed.v1` event. */
export const stockChangedDataSchema = z
  .object({
    sku: skuSchema,
    onHand: count,
    reserved: count,
    available: count,
    /** Change of on-hand stock (0 for reservations, which move stock between available and reserved). */
    delta: z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY),
    /** `set`, `adjustment`, `reserved`, `released`, `committed`, or an adjustment's free-text reason. */
    reason: z.string().min(1).max(200),
    /** Per-SKU sequence number, +1 for each change; consumers drop anything ≤ what they applied. */
    seq: z.number().int().min(1),
  })
  .strict()
  .refine((d) => d.available === d.onHand - d.reserved, {
    message: 'available must equal onHand - reserved',
  });

/** `data` of an `inventory.stock_changed.v1` event. */
export type StockChangedData = z.infer<typeof stockChangedDataSchema>;

/** The whole event as it travels on the queue (CloudEvents 1.0 structured JSON). */
export const stockChangedEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  type: z.literal(STOCK_CHANGED_TYPE),
  source: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  subject: skuSchema,
  datacontenttype: z.literal('application/json'),
  /** Correlation id of the HTTP request that caused the change (CloudEvents extension attribute). */
  correlationid: z.string().min(1).max(128).optional(),
  data: stockChangedDataSchema,
});

/** An `inventory.stock_changed.v1` event. */
export type StockChangedEvent = z.infer<typeof stockChangedEventSchema>;

/** Input of {@link buildStockChanged}. */
export interface BuildStockChangedInput {
  data: StockChangedData;
  /** CloudEvents `source`, e.g. `/inventory`. */
  source: string;
  /** Event id (the SQS deduplication id). @defaultValue a random UUID */
  id?: string;
  /** @defaultValue now */
  time?: Date;
  correlationId?: string;
}

/**
 * Builds a validated `inventory.stock_changed.v1` event with the `cloudevents` SDK.
 * @throws InvalidEventError when the data or attributes break the contract
 */
export function buildStockChanged(input: BuildStockChangedInput): StockChangedEvent {
  let event: CloudEvent<StockChangedData>;
  try {
    event = new CloudEvent<StockChangedData>({
      specversion: '1.0',
      id: input.id ?? randomUUID(),
      type: STOCK_CHANGED_TYPE,
      source: input.source,
      time: (input.time ?? new Date()).toISOString(),
      subject: input.data.sku,
      datacontenttype: 'application/json',
      ...(input.correlationId ? { correlationid: input.correlationId } : {}),
      data: input.data,
    });
  } catch (error) {
    throw new InvalidEventError(`not a valid CloudEvent: ${(error as Error).message}`, { cause: error });
  }
  return validate(JSON.parse(JSON.stringify(event)));
}

/** A message body that is not a valid `inventory.stock_changed.v1` event (a poison message). */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/**
 * Parses and validates an SQS message body.
 * @throws InvalidEventError for anything that is not JSON, not a CloudEvent, of another type, or with bad data
 */
export function parseStockChanged(body: string): StockChangedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidEventError('message body is not JSON');
  }
  return validate(json);
}

function validate(json: unknown): StockChangedEvent {
  const result = stockChangedEventSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidEventError(
      `invalid stock_changed event: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  // The SDK's own check (spec attribute rules) as a second opinion.
  try {
    new CloudEvent(result.data as Record<string, unknown>, true);
  } catch (error) {
    throw new InvalidEventError(`not a valid CloudEvent: ${(error as Error).message}`, { cause: error });
  }
  if (result.data.subject !== result.data.data.sku)
    throw new InvalidEventError('subject must equal data.sku');
  return result.data;
}
