import { z } from 'zod';
import { MAX_QUANTITY, skuSchema } from '../../lib/src/events.js';
import { pageQuery } from '../../lib/src/paging.js';

export { MAX_QUANTITY, pageQuery, skuSchema };

/** Reasons an adjustment may give; the event's `reason` carries it. */
export const adjustmentReasons = ['received', 'returned', 'damaged', 'lost', 'found', 'correction'] as const;

const quantity = z
  .number()
  .int('expected a whole number')
  .min(1, 'expected at least 1')
  .max(MAX_QUANTITY, `expected at most ${MAX_QUANTITY}`);

export const skuParams = z.object({ sku: skuSchema }).strict();
export const reservationParams = z.object({ id: z.uuid('expected a reservation id (UUID)') }).strict();

export const setStockBody = z
  .object({
    onHand: z
      .number()
      .int('expected a whole number')
      .min(0, 'expected 0 or more')
      .max(MAX_QUANTITY, `expected at most ${MAX_QUANTITY}`),
  })
  .strict();

export const adjustmentBody = z
  .object({
    delta: z
      .number()
      .int('expected a whole number')
      .min(-MAX_QUANTITY, `expected at least -${MAX_QUANTITY}`)
      .max(MAX_QUANTITY, `expected at most ${MAX_QUANTITY}`)
      .refine((d) => d !== 0, 'expected a non-zero change'),
    reason: z.enum(adjustmentReasons),
    // PostgreSQL text cannot hold NUL (it would be a 500 at the INSERT); other control characters
    // would corrupt logs and terminals that print the history.
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .refine((n) => !/[^\P{Cc}\t\n\r]/u.test(n), 'must not contain NUL or other control characters')
      .optional(),
  })
  .strict();

export const reservationBody = z
  .object({
    sku: skuSchema,
    quantity,
    orderId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'expected 1-100 characters: letters, digits, . _ : -'),
  })
  .strict();

/** `Idempotency-Key` header: printable ASCII, 1-200 characters (a UUID is typical). */
export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'expected 1-200 printable ASCII characters');
