/**
 * Pricing's persistence: applies stock events idempotently by per-SKU sequence number, stores
 * policies, and reads prices and history. Every write is one transaction holding a per-SKU
 * advisory lock, so a policy change and an event for the same SKU never price from stale inputs.
 */
import type pg from 'pg';
import { withTransaction } from '../../lib/src/db.js';
import type { StockChangedEvent } from '../../lib/src/events.js';
import { ONE_BP, quote } from './formula.js';
import { DEFAULT_POLICY, type PricingPolicy } from './policy.js';

/** Currency of every amount; amounts are integer minor units (cents). */
export const CURRENCY = 'USD';

/** `GET /v1/prices/:sku`. Amounts in cents; `multiplier` is the stock multiplier (e.g. 1.25). */
export interface PriceView {
  sku: string;
  price: number;
  currency: string;
  basePrice: number;
  multiplier: number;
  seq: number;
  available: number;
  updatedAt: string;
}

/** One entry of `GET /v1/prices/:sku/history`. */
export interface HistoryEntry {
  seq: number;
  cause: 'stock' | 'policy';
  eventId: string | null;
  available: number;
  basePrice: number;
  multiplier: number;
  price: number;
  at: string;
}

/** What applying one event did. Duplicates (seq already applied) and stale events (older seq) change nothing. */
export type ApplyOutcome =
  | { outcome: 'applied'; price: PriceView }
  | { outcome: 'duplicate' | 'stale'; lastSeq: number };

interface PriceRow {
  sku: string;
  last_seq: string;
  available: number;
  base_price: string;
  multiplier_bp: number;
  price: string;
  updated_at: Date;
}

function toView(row: PriceRow): PriceView {
  return {
    sku: row.sku,
    price: Number(row.price),
    currency: CURRENCY,
    basePrice: Number(row.base_price),
    multiplier: row.multiplier_bp / ONE_BP,
    seq: Number(row.last_seq),
    available: row.available,
    updatedAt: row.updated_at.toISOString(),
  };
}

const lockSku = (client: pg.PoolClient, sku: string) =>
  client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pricing:${sku}`]);

async function policyOf(client: pg.PoolClient | pg.Pool, sku: string): Promise<PricingPolicy | undefined> {
  const { rows } = await client.query<{
    base_price: string;
    low_stock_threshold: number;
    overstock_threshold: number;
    floor: string;
    ceiling: string;
  }>(
    'SELECT base_price, low_stock_threshold, overstock_threshold, floor, ceiling FROM pricing.policies WHERE sku = $1',
    [sku],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    basePrice: Number(row.base_price),
    lowStockThreshold: row.low_stock_threshold,
    overstockThreshold: row.overstock_threshold,
    floor: Number(row.floor),
    ceiling: Number(row.ceiling),
  };
}

export class PriceStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Applies a stock event when its seq is newer than the SKU's last applied one; one transaction. */
  applyStockChanged(event: StockChangedEvent): Promise<ApplyOutcome> {
    const { sku, seq, onHand, reserved, available } = event.data;
    return withTransaction(this.pool, async (client) => {
      await lockSku(client, sku);
      const policy = (await policyOf(client, sku)) ?? DEFAULT_POLICY;
      const { priceCents, multiplierBp } = quote(available, policy);
      const { rows } = await client.query<PriceRow>(
        `INSERT INTO pricing.prices AS p
           (sku, last_seq, on_hand, reserved, available, base_price, multiplier_bp, price, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (sku) DO UPDATE SET
           last_seq = EXCLUDED.last_seq, on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved,
           available = EXCLUDED.available, base_price = EXCLUDED.base_price,
           multiplier_bp = EXCLUDED.multiplier_bp, price = EXCLUDED.price, updated_at = now()
         WHERE p.last_seq < EXCLUDED.last_seq
         RETURNING sku, last_seq, available, base_price, multiplier_bp, price, updated_at`,
        [sku, seq, onHand, reserved, available, policy.basePrice, multiplierBp, priceCents],
      );
      const row = rows[0];
      if (!row) {
        const current = await client.query<{ last_seq: string }>(
          'SELECT last_seq FROM pricing.prices WHERE sku = $1',
          [sku],
        );
        const lastSeq = Number(current.rows[0]?.last_seq ?? 0);
        return { outcome: lastSeq === seq ? 'duplicate' : 'stale', lastSeq };
      }
      await client.query(
        `INSERT INTO pricing.price_history (sku, seq, cause, event_id, available, base_price, multiplier_bp, price)
         VALUES ($1, $2, 'stock', $3, $4, $5, $6, $7)`,
        [sku, seq, event.id, available, policy.basePrice, multiplierBp, priceCents],
      );
      return { outcome: 'applied', price: toView(row) };
    });
  }

  /** Stores a SKU's policy and reprices its current stock level (when a price exists yet). */
  setPolicy(
    sku: string,
    policy: PricingPolicy,
  ): Promise<{ policy: PricingPolicy; price: PriceView | undefined }> {
    return withTransaction(this.pool, async (client) => {
      await lockSku(client, sku);
      await client.query(
        `INSERT INTO pricing.policies (sku, base_price, low_stock_threshold, overstock_threshold, floor, ceiling, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (sku) DO UPDATE SET
           base_price = EXCLUDED.base_price, low_stock_threshold = EXCLUDED.low_stock_threshold,
           overstock_threshold = EXCLUDED.overstock_threshold, floor = EXCLUDED.floor,
           ceiling = EXCLUDED.ceiling, updated_at = now()`,
        [
          sku,
          policy.basePrice,
          policy.lowStockThreshold,
          policy.overstockThreshold,
          policy.floor,
          policy.ceiling,
        ],
      );
      const current = await client.query<PriceRow>(
        'SELECT sku, last_seq, available, base_price, multiplier_bp, price, updated_at FROM pricing.prices WHERE sku = $1',
        [sku],
      );
      const row = current.rows[0];
      if (!row) return { policy, price: undefined };
      const { priceCents, multiplierBp } = quote(row.available, policy);
      const { rows } = await client.query<PriceRow>(
        `UPDATE pricing.prices SET base_price = $2, multiplier_bp = $3, price = $4, updated_at = now()
         WHERE sku = $1
         RETURNING sku, last_seq, available, base_price, multiplier_bp, price, updated_at`,
        [sku, policy.basePrice, multiplierBp, priceCents],
      );
      await client.query(
        `INSERT INTO pricing.price_history (sku, seq, cause, available, base_price, multiplier_bp, price)
         VALUES ($1, $2, 'policy', $3, $4, $5, $6)`,
        [sku, row.last_seq, row.available, policy.basePrice, multiplierBp, priceCents],
      );
      return { policy, price: rows[0] ? toView(rows[0]) : undefined };
    });
  }

  /** The SKU's policy, or the default one (with `isDefault`). */
  async getPolicy(sku: string): Promise<{ policy: PricingPolicy; isDefault: boolean }> {
    const policy = await policyOf(this.pool, sku);
    return policy ? { policy, isDefault: false } : { policy: { ...DEFAULT_POLICY }, isDefault: true };
  }

  /** The current price, or undefined before the SKU's first stock event. */
  async getPrice(sku: string): Promise<PriceView | undefined> {
    const { rows } = await this.pool.query<PriceRow>(
      'SELECT sku, last_seq, available, base_price, multiplier_bp, price, updated_at FROM pricing.prices WHERE sku = $1',
      [sku],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Price changes of a SKU, newest first; `before` is an id cursor from a previous page. */
  async history(
    sku: string,
    limit: number,
    before?: number,
  ): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
    const { rows } = await this.pool.query<{
      id: string;
      seq: string;
      cause: 'stock' | 'policy';
      event_id: string | null;
      available: number;
      base_price: string;
      multiplier_bp: number;
      price: string;
      created_at: Date;
    }>(
      `SELECT id, seq, cause, event_id, available, base_price, multiplier_bp, price, created_at
       FROM pricing.price_history WHERE sku = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [sku, before ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({
      seq: Number(r.seq),
      cause: r.cause,
      eventId: r.event_id,
      available: r.available,
      basePrice: Number(r.base_price),
      multiplier: r.multiplier_bp / ONE_BP,
      price: Number(r.price),
      at: r.created_at.toISOString(),
    }));
    const last = page.at(-1);
    return { items, nextCursor: rows.length > limit && last ? last.id : null };
  }
}
