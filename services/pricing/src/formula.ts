/**
 * The price formula. All money is integer minor units (cents) and the multiplier is integer
 * basis points (10 000 = ×1.0), so no float ever touches a stored amount.
 *
 * ```
 * available <  low:   multiplier = 1 + 0.50 × (low − available) / low          (scarcity premium, up to +50 % at 0)
 * available >  over:  multiplier = 1 − 0.30 × min(1, (available − over) / over) (overstock discount, down to −30 % at 2 × over)
 * otherwise:          multiplier = 1
 * price = clamp(round_half_up(basePrice × multiplier), floor, ceiling)
 * ```
 */
import type { PricingPolicy } from './policy.js';

/** One whole multiplier in basis points. */
export const ONE_BP = 10_000;
/** Largest scarcity premium, reached when nothing is available: +50 %. */
export const MAX_PREMIUM_BP = 5_000;
/** Largest overstock discount, reached at twice the overstock threshold: −30 %. */
export const MAX_DISCOUNT_BP = 3_000;

/** What the formula returns: the price in cents and the multiplier that produced it (before clamping). */
export interface Quote {
  priceCents: number;
  multiplierBp: number;
}

/** Rounds a non-negative ratio num/den half up with integer arithmetic only. */
function divRound(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}

/** The multiplier, in basis points, for an available stock level under a policy. */
export function multiplierBp(available: number, policy: PricingPolicy): number {
  const { lowStockThreshold: low, overstockThreshold: over } = policy;
  const level = Math.max(0, available);
  if (level < low) return ONE_BP + divRound(MAX_PREMIUM_BP * (low - level), low);
  if (level > over) {
    const excess = Math.min(level - over, over);
    return ONE_BP - divRound(MAX_DISCOUNT_BP * excess, over);
  }
  return ONE_BP;
}

/** The price of a SKU with `available` units under `policy`. */
export function quote(available: number, policy: PricingPolicy): Quote {
  const bp = multiplierBp(available, policy);
  const raw = divRound(policy.basePrice * bp, ONE_BP);
  const priceCents = Math.min(policy.ceiling, Math.max(policy.floor, raw));
  return { priceCents, multiplierBp: bp };
}

/** Cents to a display string, e.g. 1234 → "12.34" (for people; the API returns integers). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
