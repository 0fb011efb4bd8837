// The routes of orders under /v1 (the common plumbing comes from services/lib's createHttpApp). Every route
// needs a token (orders protects reads too: an order is its customer's), and works on the token's
// subject's orders only: another customer's order is a 404, as if it did not exist.
import { createHash, randomUUID } from 'node:crypto';
import type { Response, Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../../lib/src/auth.js';
import { decodeCursor, encodeCursor } from '../../lib/src/cursor.js';
import { skuSchema } from '../../lib/src/events.js';
import { correlationIdOf, HttpError } from '../../lib/src/http.js';
import { pageQuery } from '../../lib/src/paging.js';
import type { AppDeps } from './app.js';
import { PAYMENT_METHODS } from './payments.js';
import { PricingUnavailable } from './prices.js';

/** Most lines one order may have, and most of one SKU a line may ask for. */
export const MAX_LINES = 20;
export const MAX_LINE_QUANTITY = 1000;

const orderBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        sku: skuSchema,
        quantity: z
          .number()
          .int('expected a whole number')
          .min(1, 'expected at least 1')
          .max(MAX_LINE_QUANTITY, `expected at most ${MAX_LINE_QUANTITY}`),
      }),
    )
    .min(1, 'expected at least one line')
    .max(MAX_LINES, `expected at most ${MAX_LINES} lines`)
    .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'expected each SKU once'),
  paymentMethod: z.enum(PAYMENT_METHODS),
});
const orderParams = z.strictObject({ id: z.uuid('expected an order id (UUID)') });
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'expected 1-200 printable ASCII characters');
/** A page's cursor: the last order's `createdAt|id` (the list's sort key). */
const orderCursor = z
  .string()
  .transform((s) => s.split('|'))
  .pipe(z.tuple([z.iso.datetime(), z.uuid()]));

/** What the routes use of {@link AppDeps}. */
export type RouteDeps = Pick<AppDeps, 'store' | 'saga' | 'prices' | 'paymentTimeoutMs'>;

/** The customer the token speaks for: its `sub`. */
function customerOf(res: Response): string {
  const subject = principalOf(res)?.subject;
  if (!subject) throw new HttpError(403, 'forbidden', 'The token names no subject (sub): whose orders?');
  return subject;
}

export function ordersRoutes(deps: RouteDeps) {
  return (router: Router): void => {
    router.post('/v1/orders', async (req, res) => {
      const customer = customerOf(res);
      const rawKey = req.get('idempotency-key');
      const key = rawKey === undefined ? undefined : parseKey(rawKey);
      const body = orderBody.parse(req.body);
      const prices = await priceLines(
        deps,
        body.lines.map((l) => l.sku),
      );
      const now = new Date();
      const correlationId = correlationIdOf(res);
      const created = await deps.store.create({
        id: randomUUID(),
        customer,
        paymentMethod: body.paymentMethod,
        lines: body.lines.map((l, i) => ({ ...l, unitPrice: prices[i] as number })),
        deadline: new Date(now.getTime() + deps.paymentTimeoutMs),
        leaseUntil: deps.saga.lease(),
        request: key === undefined ? undefined : { key, hash: fingerprint(body) },
        now,
        correlationId,
      });
      if (created.outcome === 'key_reused') {
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different order',
          'Idempotency-Key',
        );
      }
      if (created.outcome === 'replayed') {
        const current = await deps.store.get(created.order.id, customer);
        res.setHeader('idempotent-replayed', 'true');
        res.status(200).json(current);
        return;
      }
      const order = await deps.saga.reserve(created.order, correlationId);
      res.status(201).location(`/v1/orders/${order.id}`).json(order);
    });

    router.get('/v1/orders/:id', async (req, res) => {
      const { id } = orderParams.parse(req.params);
      const order = await deps.store.get(id, customerOf(res));
      if (!order) throw new HttpError(404, 'not_found', `Order ${id} does not exist`, 'id');
      res.json(order);
    });

    router.get('/v1/orders', async (req, res) => {
      const customer = customerOf(res);
      const { limit, cursor } = pageQuery.parse(req.query);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, orderCursor);
      const items = await deps.store.list(customer, after, limit);
      const last = items.at(-1);
      res.json({
        items,
        nextCursor: items.length === limit && last ? encodeCursor(`${last.createdAt}|${last.id}`) : null,
      });
    });

    // Cancels an order not yet paid: its stock is released and any payment voided by the saga. Repeating
    // it is harmless; a paid or confirmed order is refused.
    router.post('/v1/orders/:id/cancel', async (req, res) => {
      const { id } = orderParams.parse(req.params);
      const customer = customerOf(res);
      const order = await deps.store.get(id, customer);
      if (!order) throw new HttpError(404, 'not_found', `Order ${id} does not exist`, 'id');
      if (order.status === 'pending' || order.status === 'reserved') {
        // The order is due at once with no lease: a worker takes it now, even while another still waits
        // on its payment (that one's charge is then voided).
        await deps.store.transition(order, ['pending', 'reserved'], 'cancelling', {
          reason: 'customer_cancelled',
          now: new Date(),
          correlationId: correlationIdOf(res),
          leaseUntil: null,
        });
        deps.saga.notify();
      }
      const current = (await deps.store.get(id, customer)) ?? order;
      if (current.status === 'paid' || current.status === 'confirmed') {
        throw new HttpError(
          409,
          'order_paid',
          `Order ${id} is ${current.status}: it can no longer be cancelled`,
          'id',
        );
      }
      res.json(current);
    });
  };
}

function parseKey(raw: string): string {
  const parsed = idempotencyKey.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(
      400,
      'invalid_request',
      'Idempotency-Key: expected 1-200 printable ASCII characters',
      'Idempotency-Key',
    );
  return parsed.data;
}

/** The order's request, hashed: a key reused for another order is told apart. Lines keep their order. */
function fingerprint(body: z.infer<typeof orderBody>): string {
  const lines = body.lines.map((l) => `${l.sku}\u0000${l.quantity}`).join('\u0001');
  return createHash('sha256').update(`${body.paymentMethod}\u0002${lines}`).digest('hex');
}

/** Each SKU's current price in cents; a SKU without one refuses the order (nothing is written). */
async function priceLines(deps: RouteDeps, skus: string[]): Promise<number[]> {
  let prices: Array<number | undefined>;
  try {
    prices = await Promise.all(skus.map((sku) => deps.prices(sku)));
  } catch (error) {
    if (!(error instanceof PricingUnavailable)) throw error;
    throw new HttpError(
      503,
      'pricing_unavailable',
      'Prices cannot be read right now; try again shortly',
      undefined,
      {
        headers: { 'retry-after': '2' },
        cause: error,
      },
    );
  }
  const missing = skus.filter((_, i) => prices[i] === undefined);
  if (missing.length > 0)
    throw new HttpError(
      409,
      'no_price',
      `No price yet for ${missing.join(', ')}: it cannot be ordered now`,
      'lines',
    );
  return prices as number[];
}
