/** Pricing's HTTP routes under /v1 (the common plumbing comes from the lib's createHttpApp). */
import type { Router } from 'express';
import { z } from 'zod';
import { skuSchema } from '../../lib/src/events.js';
import { HttpError } from '../../lib/src/http.js';
import { policySchema } from './policy.js';
import type { PriceStore } from './price-store.js';

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(1).optional(),
});

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
        throw new HttpError(404, 'not_found', `No price for ${sku} yet: no stock event has been applied`);
      res.json(price);
    });

    router.get('/v1/prices/:sku/history', async (req, res) => {
      const sku = parseSku(req.params.sku);
      const query = historyQuery.parse(req.query);
      res.json({ sku, ...(await store.history(sku, query.limit, query.cursor)) });
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
