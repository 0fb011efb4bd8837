// The order saga: reserve every line in inventory, take the payment, then commit the reservations; or,
// when a line is refused, the payment is declined or does not arrive before the deadline, or the customer
// cancels: void the payment and release what was reserved.
//
//   pending ──all lines held──▶ reserved ──charge approved──▶ paid ──lines committed──▶ confirmed
//      │                           │
//      └──refused / timeout──▶ cancelling ◀──declined / timeout / customer──┘ ──released──▶ cancelled
//
// Crash safety comes from three things. (1) Every external call can be repeated: a reservation's
// Idempotency-Key `<order>:<line>:reserve` and the payment's key (the order id) make a repeated call return
// the first one's result, and inventory's commit and release are no-ops when repeated, so a step can always
// be run again. (2) Every status change is a conditional UPDATE with
// its event in the same transaction (store.ts), so it happens once. (3) An order is worked on under a lease
// (`lease_until`); a worker that dies leaves the lease to run out, and any replica takes the order up again
// where the database says it is. Payment is only voided from `cancelling`, after the move there succeeded,
// so a paid order is never refunded by a stale worker and a cancelled one never stays charged.
import type { Logger } from '../../lib/src/logger.js';
import type { Metrics } from '../../lib/src/metrics.js';
import { sleep } from '../../lib/src/sleep.js';
import type { Inventory } from './inventory-client.js';
import type { PaymentProvider } from './payments.js';
import type { CancelReason, LineState, Order, OrderStatus, OrderStore } from './store.js';

/** The points between a step's effect and its record: the crash tests stop the process at each. */
export const SAGA_CHECKPOINTS = [
  'placed',
  'reserve-answered',
  'reserved',
  'charge-answered',
  'paid',
  'commit-answered',
  'cancelling',
  'release-answered',
] as const;
export type SagaCheckpoint = (typeof SAGA_CHECKPOINTS)[number];

export interface SagaOptions {
  store: OrderStore;
  inventory: Inventory;
  payments: PaymentProvider;
  logger: Logger;
  metrics: Metrics;
  /** How long a worker holds an order it works on; a crashed one's orders wait this long. @defaultValue 30 s */
  leaseMs?: number;
  /** The worker's poll for orders other replicas left due. @defaultValue 250 ms */
  pollMs?: number;
  /** Orders worked on at once by this replica. @defaultValue 64 */
  concurrency?: number;
  /** First retry delay of a failed step; doubles up to 30 s. @defaultValue 500 ms */
  retryMs?: number;
  /** @defaultValue the system clock */
  now?: () => Date;
  /** Called at each checkpoint (the crash tests kill the process there). @defaultValue none */
  checkpoint?: (at: SagaCheckpoint) => void;
  /** New outbox rows were written: wakes the relay. */
  onOutboxWrite?: () => void;
}

const FINAL: ReadonlySet<OrderStatus> = new Set(['confirmed', 'cancelled']);
/** Cancellations before any payment was asked for: nothing to void. */
const NEVER_CHARGED: ReadonlySet<CancelReason> = new Set(['insufficient_stock', 'sku_not_found']);

/** A line's reservation key at inventory: the same for every attempt, so a retry finds the first. */
const key = (order: Order, line: number) => `${order.id}:${line}:reserve`;

export class OrderSaga {
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly now: () => Date;
  private readonly transitions;
  private readonly failures;
  private readonly inFlight = new Set<Promise<void>>();
  private wake = new AbortController();
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SagaOptions) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.concurrency = options.concurrency ?? 64;
    this.now = options.now ?? (() => new Date());
    this.transitions = options.metrics.counter({
      name: 'orders_saga_transitions_total',
      help: 'Orders moved to each status by the saga',
      labelNames: ['status'] as const,
    });
    this.failures = options.metrics.counter({
      name: 'orders_saga_step_failures_total',
      help: 'Saga steps that failed and will be retried (inventory or the payment provider unavailable)',
    });
  }

  /** A lease from now: the holder works on the order until then. */
  lease(): Date {
    return new Date(this.now().getTime() + this.leaseMs);
  }

  /**
   * Runs a newly placed order's first step here, in the request: its reservations (and, when a line is
   * refused, the release of the others). The payment is left to the worker. Returns the order as it stands.
   */
  async reserve(order: Order, correlationId: string | undefined): Promise<Order> {
    this.checkpoint('placed');
    try {
      // Reaching `reserved` gives the lease back in the same statement: the worker takes the payment.
      const reserved = await this.reserveLines(order, correlationId, true);
      const current = reserved
        ? await this.advance(reserved, correlationId, (status) => status === 'reserved')
        : ((await this.options.store.get(order.id)) ?? order);
      if (reserved?.status !== 'reserved') await this.options.store.release(order.id, this.now());
      this.notify();
      return current;
    } catch (error) {
      // The worker retries it; the response shows it pending.
      await this.retryLater(order, error);
      return order;
    }
  }

  /** Starts the worker that takes every open order to its end. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Wakes the worker now (an order became due). */
  notify(): void {
    this.wake.abort();
  }

  /** Stops claiming; waits for the orders in flight (their leases are given back) up to `waitMs`. */
  async stop(waitMs = 5000): Promise<void> {
    this.stopped.abort();
    this.notify();
    await this.loop;
    const timer = new AbortController();
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(waitMs, timer.signal)]);
    timer.abort();
  }

  private async run(): Promise<void> {
    const { store, logger } = this.options;
    while (!this.stopped.signal.aborted) {
      const free = this.concurrency - this.inFlight.size;
      let claimed: Order[] = [];
      if (free > 0) {
        try {
          claimed = await store.claim(free, this.lease(), this.now());
        } catch (error) {
          logger.warn({ err: error }, 'saga: claiming orders failed');
        }
      }
      for (const order of claimed) {
        const work: Promise<void> = this.work(order).finally(() => {
          this.inFlight.delete(work);
          this.notify();
        });
        this.inFlight.add(work);
      }
      if (claimed.length === 0 || this.inFlight.size >= this.concurrency) {
        await sleep(this.options.pollMs ?? 250, this.wake.signal);
        if (this.wake.signal.aborted) this.wake = new AbortController();
      }
    }
  }

  /** Takes one claimed order as far as it goes, then gives its lease back. */
  private async work(order: Order): Promise<void> {
    try {
      const current = await this.advance(order, undefined, () => false);
      if (!FINAL.has(current.status)) await this.options.store.release(order.id, this.now());
    } catch (error) {
      await this.retryLater(order, error);
    }
  }

  private async retryLater(order: Order, error: unknown): Promise<void> {
    this.failures.inc();
    this.options.logger.warn(
      { err: error, orderId: order.id, status: order.status },
      'saga step failed; retrying',
    );
    try {
      await this.options.store.release(order.id, this.now(), {
        baseMs: this.options.retryMs ?? 500,
        maxMs: 30_000,
      });
    } catch (releaseError) {
      // The database is away too: the lease runs out and the order is taken up again.
      this.options.logger.warn(
        { err: releaseError, orderId: order.id },
        'saga: could not give the order back',
      );
    }
  }

  /**
   * Runs the steps of `order` until it is final, `stopAt` its status, or another worker moved it. Each
   * step reads nothing but `order` and writes through conditional transitions, so it may be repeated.
   */
  private async advance(
    order: Order,
    correlationId: string | undefined,
    stopAt: (status: OrderStatus) => boolean,
  ): Promise<Order> {
    let current = order;
    while (!FINAL.has(current.status) && !stopAt(current.status)) {
      const next = await this.step(current, correlationId);
      if (!next) {
        // Another worker or the customer moved it: carry on from what the database says.
        const fresh = await this.options.store.get(order.id);
        if (!fresh || fresh.status === current.status) return fresh ?? current;
        current = fresh;
        continue;
      }
      current = next;
    }
    return current;
  }

  /** One step; the order after it, or undefined when its transition lost to another. */
  private async step(order: Order, correlationId: string | undefined): Promise<Order | undefined> {
    switch (order.status) {
      case 'pending':
        return this.reserveLines(order, correlationId);
      case 'reserved':
        return this.pay(order, correlationId);
      case 'paid':
        return this.commitLines(order, correlationId);
      case 'cancelling':
        return this.releaseLines(order, correlationId);
      default:
        return order;
    }
  }

  private async reserveLines(
    order: Order,
    correlationId: string | undefined,
    handOver = false,
  ): Promise<Order | undefined> {
    if (this.now() >= new Date(order.deadline)) return this.cancel(order, 'payment_timeout', correlationId);
    const answers = await settleAll(
      order.lines
        .filter((l) => l.state === 'pending')
        .map(async (l) => {
          const result = await this.options.inventory.reserve(key(order, l.line), {
            sku: l.sku,
            quantity: l.quantity,
            orderId: order.id,
          });
          this.checkpoint('reserve-answered');
          return { line: l.line, result };
        }),
    );
    const lines = answers.map(({ line, result }) =>
      result.outcome === 'reserved'
        ? { line, state: 'held' as const, reservationId: result.reservationId }
        : { line, state: 'refused' as const },
    );
    const refused = answers.find((a) => a.result.outcome === 'refused')?.result;
    if (refused?.outcome === 'refused') return this.cancel(order, refused.reason, correlationId, lines);
    const moved = await this.move(order, ['pending'], 'reserved', {
      lines,
      correlationId,
      ...(handOver ? { leaseUntil: null } : {}),
    });
    if (moved) this.checkpoint('reserved');
    return moved;
  }

  private async pay(order: Order, correlationId: string | undefined): Promise<Order | undefined> {
    const result = await this.charge(order);
    if (result === 'timeout') return this.cancel(order, 'payment_timeout', correlationId);
    this.checkpoint('charge-answered');
    if (result === 'declined') return this.cancel(order, 'payment_declined', correlationId);
    // Paid: the lease that covered the wait for the payment shrinks back to a step's.
    const moved = await this.move(order, ['reserved'], 'paid', { correlationId, leaseUntil: this.lease() });
    if (moved) {
      this.checkpoint('paid');
      return moved;
    }
    // Charged, but the order moved on without us: if it is being cancelled, this charge must go back.
    // (If it is paid, the charge is that order's one charge: the same key answered us both.)
    const current = await this.options.store.get(order.id);
    if (current && (current.status === 'cancelling' || current.status === 'cancelled'))
      await this.options.payments.void(order.id);
    return undefined;
  }

  /** Charges the order, waiting no longer than its deadline; 'timeout' when the payment did not arrive. */
  private async charge(order: Order): Promise<'approved' | 'declined' | 'timeout'> {
    const remaining = new Date(order.deadline).getTime() - this.now().getTime();
    if (remaining <= 0) {
      // Too late to charge; but a charge made in time whose answer a crash lost still counts.
      return (await this.options.payments.status(order.id)) === 'approved' ? 'approved' : 'timeout';
    }
    try {
      return await this.options.payments.charge(
        { key: order.id, amountCents: order.total, method: order.paymentMethod },
        AbortSignal.any([AbortSignal.timeout(remaining), this.stopped.signal]),
      );
    } catch (error) {
      if ((error as Error).name !== 'AbortError' && (error as Error).name !== 'TimeoutError') throw error;
      // Stopping: leave it reserved for the next start. Otherwise the payment did not arrive in time.
      if (this.stopped.signal.aborted) throw error;
      return 'timeout';
    }
  }

  private async commitLines(order: Order, correlationId: string | undefined): Promise<Order | undefined> {
    const lines = await settleAll(
      order.lines
        .filter((l) => l.state === 'held')
        .map(async (l) => {
          await this.options.inventory.settle(l.reservationId as string, 'commit');
          this.checkpoint('commit-answered');
          return { line: l.line, state: 'committed' as const };
        }),
    );
    return this.move(order, ['paid'], 'confirmed', { lines, event: 'confirmed', correlationId });
  }

  private async releaseLines(order: Order, correlationId: string | undefined): Promise<Order | undefined> {
    const reason = order.reason as CancelReason;
    if (!NEVER_CHARGED.has(reason)) await this.options.payments.void(order.id);
    const lines = await settleAll(
      order.lines
        .filter((l) => l.state === 'held' || l.state === 'pending')
        .map(async (l): Promise<{ line: number; state: LineState; reservationId?: string }> => {
          let reservationId = l.reservationId;
          if (l.state === 'pending') {
            // A reservation may have been made before a crash, unrecorded: the same key finds it.
            const replay = await this.options.inventory.reserve(key(order, l.line), {
              sku: l.sku,
              quantity: l.quantity,
              orderId: order.id,
            });
            if (replay.outcome === 'refused') return { line: l.line, state: 'refused' };
            reservationId = replay.reservationId;
          }
          await this.options.inventory.settle(reservationId as string, 'release');
          this.checkpoint('release-answered');
          return { line: l.line, state: 'released', reservationId: reservationId as string };
        }),
    );
    return this.move(order, ['cancelling'], 'cancelled', { lines, event: 'cancelled', correlationId });
  }

  /** Moves the order to `cancelling` with `reason` (from pending or reserved). */
  private async cancel(
    order: Order,
    reason: CancelReason,
    correlationId: string | undefined,
    lines?: ReadonlyArray<{ line: number; state: LineState; reservationId?: string }>,
  ): Promise<Order | undefined> {
    const moved = await this.move(order, ['pending', 'reserved'], 'cancelling', {
      reason,
      correlationId,
      leaseUntil: this.lease(),
      ...(lines ? { lines } : {}),
    });
    if (moved) this.checkpoint('cancelling');
    return moved;
  }

  private async move(
    order: Order,
    from: readonly OrderStatus[],
    to: OrderStatus,
    context: {
      reason?: CancelReason;
      event?: 'confirmed' | 'cancelled';
      correlationId: string | undefined;
      lines?: ReadonlyArray<{ line: number; state: LineState; reservationId?: string }>;
      /** The lease from the move on; `null` gives it back (the worker may take the order at once). */
      leaseUntil?: Date | null;
    },
  ): Promise<Order | undefined> {
    const now = this.now();
    const done = await this.options.store.transition(order, from, to, { ...context, now });
    if (!done) return undefined;
    this.transitions.inc({ status: to });
    if (context.event) this.options.onOutboxWrite?.();
    const byLine = new Map((context.lines ?? []).map((l) => [l.line, l]));
    return {
      ...order,
      status: to,
      reason: context.reason ?? order.reason,
      updatedAt: now.toISOString(),
      lines: order.lines.map((l) => {
        const changed = byLine.get(l.line);
        return changed
          ? { ...l, state: changed.state, reservationId: changed.reservationId ?? l.reservationId }
          : l;
      }),
    };
  }

  private checkpoint(at: SagaCheckpoint): void {
    this.options.checkpoint?.(at);
  }
}

/** Waits for every call; then the results, or the first failure (the others' effects are replayed later). */
async function settleAll<T>(calls: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
