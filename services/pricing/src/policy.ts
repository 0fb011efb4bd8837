/** A SKU's pricing policy: its shape, its rules and the defaults for SKUs nobody configured. */
import { z } from 'zod';

const cents = z.int().min(0).max(100_000_000_00);
const units = z.int().min(0).max(1_000_000_000);

/**
 * Body of `PUT /v1/prices/:sku/policy`. Amounts are integer cents; thresholds are units of
 * available stock. Rules: `floor ≤ ceiling`, `lowStockThreshold < overstockThreshold`.
 */
export const policySchema = z
  .strictObject({
    basePrice: cents.min(1),
    lowStockThreshold: units,
    overstockThreshold: units.min(1),
    floor: cents,
    ceiling: cents,
  })
  .refine((p) => p.floor <= p.ceiling, {
    path: ['floor'],
    message: 'floor must be less than or equal to ceiling',
  })
  .refine((p) => p.lowStockThreshold < p.overstockThreshold, {
    path: ['lowStockThreshold'],
    message: 'lowStockThreshold must be less than overstockThreshold',
  });

/** A validated pricing policy. */
export type PricingPolicy = z.infer<typeof policySchema>;

/** The policy of a SKU that has none yet: 10.00 base, premium below 10 units, discount above 100, 5.00–20.00. */
export const DEFAULT_POLICY: Readonly<PricingPolicy> = Object.freeze({
  basePrice: 1000,
  lowStockThreshold: 10,
  overstockThreshold: 100,
  floor: 500,
  ceiling: 2000,
});
