/** Pricing's HTTP routes under /v1 (the common plumbing comes from the lib's createHttpApp). */
import type { Router } from 'express';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/src/cursor.js';
import { skuSchema } from '../../lib/src/events.js';
import { HttpError } from '../../lib/src/http.js';
import { pageQuery } from '../../lib/src/paging.js';
import { policySchema } from './policy.js';
import type { PriceStore } from './price-store.js';

/** The key of a history cursor: the id of the last entry seen. */
const historyKey = z.number().int().min(1);

function parseSku(raw: string | string[] | undefined): string {
  const result = skuSchema.safeParse(raw);
  if (!result.success)
    throw new HttpError(400, 'invalid_request', `sku: ${result.error.issues[0]?.message}`, 'sku');
  return result.data;
}

export function pricingRoutes(store: PriceStore) {
  return (router: Router): void => {
    router.get('/v1/prices/:sku', async (req, res) => {
      const sku = parseSku(req.params.sku);
      const price = await store.getPrice(sku);
      if (!price)
        throw new HttpError(
          404,
          'not_found',
          `No price for ${sku} yet: no stock event has been applied`,
          'sku',
        );
      res.json(price);
    });

    router.get('/v1/prices/:sku/history', async (req, res) => {
      const sku = parseSku(req.params.sku);
      const { limit, cursor } = pageQuery.parse(req.query);
      const before = cursor === undefined ? undefined : decodeCursor(cursor, historyKey);
      const page = await store.history(sku, limit, before);
      res.json({
        sku,
        items: page.items,
        nextCursor: page.nextCursor === null ? null : encodeCursor(Number(page.nextCursor)),
      });
    });

    router.get('/v1/prices/:sku/policy', async (req, res) => {
      const sku = parseSku(req.params.sku);
      const { policy, isDefault } = await store.getPolicy(sku);
      res.json({ sku, ...policy, isDefault });
    });

    router.put('/v1/prices/:sku/policy', async (req, res) => {
      const sku = parseSku(req.params.sku);
      const policy = policySchema.parse(req.body);
      const result = await store.setPolicy(sku, policy);
      res.json({ sku, policy: result.policy, price: result.price ?? null });
    });
  };
}
