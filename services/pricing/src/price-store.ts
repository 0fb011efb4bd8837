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

async function policiesOf(client: pg.PoolClient, skus: string[]): Promise<Map<string, PricingPolicy>> {
  const { rows } = await client.query<{
    sku: string;
    base_price: string;
    low_stock_threshold: number;
    overstock_threshold: number;
    floor: string;
    ceiling: string;
  }>({
    name: 'pricing.policies-of',
    text: `SELECT sku, base_price, low_stock_threshold, overstock_threshold, floor, ceiling
             FROM pricing.policies WHERE sku = ANY($1::text[])`,
    values: [skus],
  });
  return new Map(
    rows.map((row) => [
      row.sku,
      {
        basePrice: Number(row.base_price),
        lowStockThreshold: row.low_stock_threshold,
        overstockThreshold: row.overstock_threshold,
        floor: Number(row.floor),
        ceiling: Number(row.ceiling),
      },
    ]),
  );
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

  /**
   * Applies several stock events in ONE transaction (a group commit: one BEGIN/COMMIT, one lock
   * statement, one policy read and one upsert statement per round instead of six round trips per
   * event), with the same per-event rule and outcome as {@link applyStockChanged}. Events of one SKU
   * are applied in the order given (one round each). All or nothing: when it throws, nothing was
   * applied, and the caller may retry the events one by one to isolate a bad one.
   */
  applyStockChangedBatch(events: readonly StockChangedEvent[]): Promise<ApplyOutcome[]> {
    if (events.length === 0) return Promise.resolve([]);
    return withTransaction(this.pool, async (client) => {
      const skus = [...new Set(events.map((e) => e.data.sku))];
      // Sorted, so two batches that share SKUs cannot deadlock; the same keys as lockSku.
      await client.query({
        name: 'pricing.lock-skus',
        text: `SELECT pg_advisory_xact_lock(k)
                 FROM (SELECT DISTINCT hashtext('pricing:' || s) AS k FROM unnest($1::text[]) s ORDER BY 1) l`,
        values: [skus],
      });
      const policies = await policiesOf(client, skus);
      const outcomes: ApplyOutcome[] = new Array(events.length);
      // Round k holds the k-th event of each SKU: an upsert may touch a row only once per statement.
      const rounds: number[][] = [];
      const seen = new Map<string, number>();
      for (const [index, event] of events.entries()) {
        const k = seen.get(event.data.sku) ?? 0;
        seen.set(event.data.sku, k + 1);
        const round = rounds[k] ?? [];
        round.push(index);
        rounds[k] = round;
      }
      for (const round of rounds) {
        const batch = round.map((index) => {
          const event = events[index] as StockChangedEvent;
          const policy = policies.get(event.data.sku) ?? DEFAULT_POLICY;
          return { index, event, policy, ...quote(event.data.available, policy) };
        });
        const { rows } = await client.query<PriceRow & { input_sku: string; current_seq: string | null }>({
          name: 'pricing.apply-batch',
          text: `WITH input AS (
                   SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[],
                                        $6::bigint[], $7::int[], $8::bigint[], $9::text[])
                     AS t(sku, seq, on_hand, reserved, available, base_price, multiplier_bp, price, event_id)
                 ), up AS (
                   INSERT INTO pricing.prices AS p
                     (sku, last_seq, on_hand, reserved, available, base_price, multiplier_bp, price, updated_at)
                   SELECT sku, seq, on_hand, reserved, available, base_price, multiplier_bp, price, now() FROM input
                   ON CONFLICT (sku) DO UPDATE SET
                     last_seq = EXCLUDED.last_seq, on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved,
                     available = EXCLUDED.available, base_price = EXCLUDED.base_price,
                     multiplier_bp = EXCLUDED.multiplier_bp, price = EXCLUDED.price, updated_at = now()
                   WHERE p.last_seq < EXCLUDED.last_seq
                   RETURNING sku, last_seq, available, base_price, multiplier_bp, price, updated_at
                 ), history AS (
                   INSERT INTO pricing.price_history
                     (sku, seq, cause, event_id, available, base_price, multiplier_bp, price)
                   SELECT i.sku, i.seq, 'stock', i.event_id, i.available, i.base_price, i.multiplier_bp, i.price
                     FROM input i JOIN up USING (sku)
                 )
                 SELECT i.sku AS input_sku, up.sku, up.last_seq, up.available, up.base_price, up.multiplier_bp,
                        up.price, up.updated_at, cur.last_seq AS current_seq
                   FROM input i LEFT JOIN up USING (sku) LEFT JOIN pricing.prices cur ON cur.sku = i.sku`,
          values: [
            batch.map((b) => b.event.data.sku),
            batch.map((b) => b.event.data.seq),
            batch.map((b) => b.event.data.onHand),
            batch.map((b) => b.event.data.reserved),
            batch.map((b) => b.event.data.available),
            batch.map((b) => b.policy.basePrice),
            batch.map((b) => b.multiplierBp),
            batch.map((b) => b.priceCents),
            batch.map((b) => b.event.id),
          ],
        });
        const bySku = new Map(rows.map((r) => [r.input_sku, r]));
        for (const b of batch) {
          const row = bySku.get(b.event.data.sku);
          if (row?.sku) {
            outcomes[b.index] = { outcome: 'applied', price: toView(row) };
          } else {
            // `cur` is read at the start of the statement, under this transaction's SKU locks.
            const lastSeq = Number(row?.current_seq ?? 0);
            outcomes[b.index] = { outcome: lastSeq === b.event.data.seq ? 'duplicate' : 'stale', lastSeq };
          }
        }
      }
      return outcomes;
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
