import { z } from 'zod';

/** Largest page either service returns: one limit for every list endpoint. */
export const MAX_PAGE_SIZE = 200;
/** Page size when the client does not ask. */
export const DEFAULT_PAGE_SIZE = 50;

/** `?limit=&cursor=` of every list endpoint (the cursor from `cursor.ts`). */
export const pageQuery = z
  .object({
    limit: z.coerce
      .number()
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(MAX_PAGE_SIZE, `expected at most ${MAX_PAGE_SIZE}`)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(200).optional(),
  })
  .strict();
