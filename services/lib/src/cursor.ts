import type { z } from 'zod';
import { HttpError } from './http-error.js';

// The one cursor codec of both services. Cursors are opaque to clients: base64url JSON of the last key
// seen. Decoding validates the shape and the key, so a tampered cursor is a 400 naming `cursor`, never
// a SQL error.

/** The cursor of a page that ended at `key` (a SKU, a seq...). */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

/**
 * The key inside a cursor returned by {@link encodeCursor}, checked against `key`.
 * @throws HttpError 400 `invalid_request` naming `cursor`
 */
export function decodeCursor<T extends z.ZodType>(cursor: string, key: T): z.output<T> {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded || typeof decoded !== 'object' || Object.keys(decoded).join() !== 'k')
      throw new Error('shape');
    return key.parse((decoded as { k: unknown }).k);
  } catch {
    throw new HttpError(400, 'invalid_request', 'cursor: not a cursor returned by this API', 'cursor');
  }
}
