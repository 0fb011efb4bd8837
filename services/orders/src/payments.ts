// Payment, as a port with one adapter: a local fake provider. It behaves as a card provider's API does
// where it matters to the saga: a charge is keyed (one order is charged at most once, whatever the
// retries), it can be declined or take its time, and a key can be voided, which refunds an approved
// charge and makes any later charge with that key fail (a provider's cancelled payment intent). No card
// data anywhere: a payment method is a test token, as Stripe's test cards are.
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';

/** The test payment methods the fake provider knows. */
export const PAYMENT_METHODS = ['test_approve', 'test_decline', 'test_timeout'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface ChargeRequest {
  /** The idempotency key: the order's id. */
  key: string;
  amountCents: number;
  method: PaymentMethod;
}

/** What the saga needs of a payment provider. */
export interface PaymentProvider {
  /** Charges once per key; rejects when `signal` aborts first (the payment did not arrive in time). */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<'approved' | 'declined'>;
  /** What became of the key's charge: a worker that crashed before recording the answer asks here. */
  status(key: string): Promise<'approved' | 'declined' | 'none'>;
  /** Voids the key: refunds its approved charge, or makes a later charge with it fail. Idempotent. */
  void(key: string): Promise<void>;
}

export interface FakePaymentOptions {
  /** Where the provider keeps its ledger (orders.fake_payments). */
  pool: pg.Pool;
  /** Every charge takes this long before it answers (`FAKE_PAYMENT_DELAY_MS`). @defaultValue 0 */
  delayMs?: number;
  /** Share of `test_approve` charges declined at random (`FAKE_PAYMENT_DECLINE_RATE`, 0-1). @defaultValue 0 */
  declineRate?: number;
  /** @defaultValue Math.random */
  random?: () => number;
}

/**
 * The local fake provider: `test_approve` is approved (unless the decline rate says otherwise),
 * `test_decline` is declined, `test_timeout` never answers. Its ledger is a table, so a provider's memory of
 * a key outlives a crash of the service that called it, as a real provider's does.
 */
export class FakePaymentProvider implements PaymentProvider {
  constructor(private readonly options: FakePaymentOptions) {}

  async charge(request: ChargeRequest, signal: AbortSignal): Promise<'approved' | 'declined'> {
    const wait = request.method === 'test_timeout' ? 2 ** 31 - 1 : (this.options.delayMs ?? 0);
    // Rejects with an AbortError when the saga stops waiting: nothing was charged.
    if (wait > 0) await delay(wait, undefined, { signal });
    signal.throwIfAborted();
    const declined =
      request.method === 'test_decline' ||
      (this.options.declineRate ?? 0) > (this.options.random ?? Math.random)();
    const { rows } = await this.options.pool.query<{ status: string }>(
      `WITH charged AS (
         INSERT INTO orders.fake_payments (key, amount, status) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING RETURNING status
       )
       SELECT status FROM charged
       UNION ALL SELECT status FROM orders.fake_payments WHERE key = $1 AND NOT EXISTS (SELECT FROM charged)`,
      [request.key, request.amountCents, declined ? 'declined' : 'approved'],
    );
    // A key seen before answers as it did then; a voided one (or refunded) never charges again.
    return rows[0]?.status === 'approved' ? 'approved' : 'declined';
  }

  async status(key: string): Promise<'approved' | 'declined' | 'none'> {
    const { rows } = await this.options.pool.query<{ status: string }>(
      'SELECT status FROM orders.fake_payments WHERE key = $1',
      [key],
    );
    const status = rows[0]?.status;
    return status === undefined ? 'none' : status === 'approved' ? 'approved' : 'declined';
  }

  async void(key: string): Promise<void> {
    await this.options.pool.query(
      `INSERT INTO orders.fake_payments (key, amount, status) VALUES ($1, 0, 'voided')
       ON CONFLICT (key) DO UPDATE
         SET status = CASE WHEN fake_payments.status = 'approved' THEN 'refunded' ELSE fake_payments.status END,
             updated_at = now()`,
      [key],
    );
  }
}
