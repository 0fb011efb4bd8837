import { describe, expect, it } from '@jest/globals';
import { formatCents, multiplierBp, quote } from '../src/formula.js';
import { DEFAULT_POLICY, type PricingPolicy, policySchema } from '../src/policy.js';

const policy: PricingPolicy = {
  basePrice: 1000,
  lowStockThreshold: 10,
  overstockThreshold: 100,
  floor: 0,
  ceiling: 1_000_000,
};

describe('multiplierBp', () => {
  it.each([
    // available, expected basis points
    [0, 15_000], // nothing left: full +50 % premium
    [5, 12_500], // half-way below the low threshold
    [9, 10_500],
    [10, 10_000], // at the threshold: no premium
    [50, 10_000],
    [100, 10_000], // at the overstock threshold: no discount
    [150, 8_500], // half-way to twice the threshold: −15 %
    [200, 7_000], // twice the threshold: full −30 %
    [10_000, 7_000], // the discount is capped
    [-3, 15_000], // negative availability counts as none
  ])('available %i → %i bp', (available, expected) => {
    expect(multiplierBp(available, policy)).toBe(expected);
  });

  it('has no premium when the low threshold is 0', () => {
    expect(multiplierBp(0, { ...policy, lowStockThreshold: 0 })).toBe(10_000);
  });
});

describe('quote', () => {
  it('multiplies in integers and rounds half up', () => {
    // 999 × 1.05 = 1048.95 → 1049; 333 × 0.85 = 283.05 → 283
    expect(quote(9, { ...policy, basePrice: 999 }).priceCents).toBe(1049);
    expect(quote(150, { ...policy, basePrice: 333 }).priceCents).toBe(283);
  });

  it('clamps to the floor and the ceiling but reports the unclamped multiplier', () => {
    expect(quote(0, { ...policy, ceiling: 1200 })).toEqual({ priceCents: 1200, multiplierBp: 15_000 });
    expect(quote(500, { ...policy, floor: 900 })).toEqual({ priceCents: 900, multiplierBp: 7_000 });
  });

  it('never drifts: the same inputs give the same cents for large amounts', () => {
    const big = { ...policy, basePrice: 9_999_999_999, ceiling: 100_000_000_000 };
    expect(quote(3, big).priceCents).toBe(13_499_999_999); // 9 999 999 999 × 1.35, rounded half up
  });

  it('prices a SKU without a policy with the default one', () => {
    expect(quote(50, DEFAULT_POLICY).priceCents).toBe(1000);
    expect(quote(0, DEFAULT_POLICY).priceCents).toBe(1500);
  });
});

describe('policySchema', () => {
  const valid = { basePrice: 1000, lowStockThreshold: 5, overstockThreshold: 50, floor: 100, ceiling: 5000 };
  it.each([
    ['floor above ceiling', { ...valid, floor: 6000 }, 'floor'],
    ['thresholds out of order', { ...valid, lowStockThreshold: 50 }, 'lowStockThreshold'],
    ['fractional cents', { ...valid, basePrice: 10.5 }, 'basePrice'],
    ['zero base price', { ...valid, basePrice: 0 }, 'basePrice'],
    ['negative floor', { ...valid, floor: -1 }, 'floor'],
    ['missing ceiling', { ...valid, ceiling: undefined }, 'ceiling'],
    ['string amount', { ...valid, basePrice: '1000' }, 'basePrice'],
  ])('rejects %s', (_name, body, field) => {
    const result = policySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it('accepts an ordered policy', () => {
    expect(policySchema.parse(valid)).toEqual(valid);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1234, '12.34'],
    [-250, '-2.50'],
  ])('%i → %s', (cents, text) => expect(formatCents(cents)).toBe(text));
});
