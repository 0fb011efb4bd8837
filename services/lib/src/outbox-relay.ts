import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { withTransaction } from './db.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { sleep } from './sleep.js';

/** Timers the relay waits with; injectable so tests can run the loop without real delays. */
export interface RelayTimers {
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * The service's outbox: `<schema>.outbox (id bigserial, event_id uuid, <groupColumn> text, payload text,
 * correlation_id text, created_at, sent_at)`. The group column is the FIFO message group: the events of one
 * group (a SKU, an order) are published in `id` order.
 */
export interface OutboxTable {
  /** The service's schema; also the prefix of the relay's metrics (`inventory_events_published_total`). */
  schema: string;
  groupColumn: string;
}

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  table: OutboxTable;
  pool: pg.Pool;
  sqs: SQSClient;
  queueUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** Rows claimed per round. @defaultValue 100 */
  claimLimit?: number;
  /** Fallback poll when no wake-up arrives. @defaultValue 200 ms */
  pollIntervalMs?: number;
  /**
   * Shortest time from the start of one round to the start of the next when woken: under load the
   * wake-ups of many writes coalesce into one round (one claim, full SQS batches, one mark-sent)
   * instead of a round per write; an idle relay still starts at once. A full claim goes on at once.
   * @defaultValue 10 ms
   */
  minRoundIntervalMs?: number;
  /** First retry delay after SQS fails; doubles up to {@link OutboxRelayOptions.maxBackoffMs}. @defaultValue 100 ms */
  initialBackoffMs?: number;
  /** @defaultValue 5000 ms */
  maxBackoffMs?: number;
  /** Longest wait for one SendMessageBatch: a hung endpoint must not hold the claim transaction open. @defaultValue 5000 ms */
  sendTimeoutMs?: number;
  /** @defaultValue real timers */
  timers?: RelayTimers;
}

/** Outcome of one {@link OutboxRelay.runOnce} round. */
export interface RoundResult {
  /** Rows SQS accepted and that are now marked sent. */
  published: number;
  /** Rows that SQS refused or that were held back behind a refused row of the same SKU. */
  failed: number;
  /** True when the claim was full, so more rows may be waiting. */
  more: boolean;
}

interface OutboxRow {
  id: string;
  event_id: string;
  /** The FIFO message group (the table's group column). */
  group: string;
  payload: string;
  correlation_id: string | null;
}

const realTimers: RelayTimers = { sleep };

/** SQS's limit of entries per SendMessageBatch. */
const SQS_BATCH_LIMIT = 10;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Publishes a service's outbox table to its SQS FIFO queue and marks rows sent.
 *
 * Several replicas may run: a round claims rows with `FOR UPDATE SKIP LOCKED`, restricted to groups whose
 * per-group advisory lock it wins, so two relays never hold rows of one group at once and a group's rows
 * are published by one relay in `id` order. A SendMessageBatch call carries at most one row per group,
 * so a partial failure can never let a later event of a group overtake an earlier one; after a refusal the
 * group's later rows wait for the next round. Unsent rows simply stay unsent while SQS is down: the loop
 * retries with capped exponential backoff. Rows are marked sent only after SQS accepted them; a crash in
 * between re-publishes them, and the FIFO deduplication id (the event id) drops the repeat.
 */
export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private readonly published;
  private readonly failures;
  private wake = new AbortController();
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly sql: { claim: string; sent: string; lag: string };

  constructor(options: OutboxRelayOptions) {
    const { schema, groupColumn } = options.table;
    if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(groupColumn))
      throw new RangeError(
        `outbox table ${schema}.outbox(${groupColumn}): expected lower-case SQL identifiers`,
      );
    const table = `${schema}.outbox`;
    this.sql = {
      claim: `SELECT id, event_id, ${groupColumn} AS group, payload, correlation_id
                FROM ${table}
               WHERE sent_at IS NULL
                 AND id IN (SELECT c.id FROM (SELECT id, ${groupColumn} AS g FROM ${table}
                                                WHERE sent_at IS NULL ORDER BY id LIMIT $1) c
                             WHERE pg_try_advisory_xact_lock(hashtext('${table}:' || c.g)))
               ORDER BY id
               FOR UPDATE SKIP LOCKED`,
      sent: `UPDATE ${table} SET sent_at = now() WHERE id = ANY($1::bigint[])`,
      lag: `SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${table} WHERE sent_at IS NULL`,
    };
    this.options = {
      claimLimit: 100,
      pollIntervalMs: 200,
      minRoundIntervalMs: 10,
      initialBackoffMs: 100,
      maxBackoffMs: 5000,
      sendTimeoutMs: 5000,
      timers: realTimers,
      ...options,
    };
    if (this.options.pollIntervalMs > 250 || this.options.pollIntervalMs < 1) {
      throw new RangeError('pollIntervalMs must be between 1 and 250');
    }
    const { metrics, pool } = this.options;
    this.published = metrics.counter({
      name: `${schema}_events_published_total`,
      help: 'Outbox events accepted by SQS',
    });
    this.failures = metrics.counter({
      name: `${schema}_events_publish_failed_total`,
      help: 'Outbox events SQS refused or could not be reached for (each attempt)',
    });
    metrics.gauge({
      name: `${schema}_outbox_lag_seconds`,
      help: 'Age of the oldest unsent outbox row (0 when none)',
      // Read at scrape time so a stuck relay still reports a growing lag.
      collect: async (gauge) => {
        try {
          const { rows } = await pool.query<{ age: number | null }>(this.sql.lag);
          gauge.set(Math.max(0, rows[0]?.age ?? 0));
        } catch {
          // Database down: keep the last value; /ready reports the outage.
        }
      },
    });
  }

  /** Starts the loop. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.loop = this.run();
  }

  /** Wakes the loop now (new rows were written). */
  notify(): void {
    this.wake.abort();
  }

  /**
   * Stops the loop: finishes the round in flight, then keeps publishing until the outbox is empty, SQS
   * fails, or `drainMs` passes. Whatever is left stays in the outbox for the next start.
   */
  async stop(drainMs = 2000): Promise<void> {
    this.stopped.abort();
    this.notify();
    await this.loop;
    this.loop = undefined;
    const deadline = Date.now() + drainMs;
    try {
      while (Date.now() < deadline) {
        const round = await this.runOnce();
        if (round.failed > 0 || (!round.more && round.published === 0)) break;
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox drain stopped; unsent rows stay for the next start');
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped.signal.aborted) {
      const roundStarted = performance.now();
      let round: RoundResult;
      try {
        round = await this.runOnce();
      } catch (error) {
        round = { published: 0, failed: 1, more: false };
        this.options.logger.warn({ err: error }, 'outbox round failed');
      }
      if (this.stopped.signal.aborted) return;
      if (round.failed > 0) {
        failures++;
        const delay = Math.min(
          this.options.maxBackoffMs,
          this.options.initialBackoffMs * 2 ** (failures - 1),
        );
        // New rows do not cut a backoff short (SQS is the problem); only stop does.
        await this.options.timers.sleep(delay, this.stopped.signal);
        continue;
      }
      failures = 0;
      if (round.more) continue;
      await this.options.timers.sleep(this.options.pollIntervalMs, this.wake.signal);
      if (this.wake.signal.aborted) {
        this.wake = new AbortController();
        // Woken early: let the writes of the next few milliseconds join this round.
        const rest = this.options.minRoundIntervalMs - (performance.now() - roundStarted);
        if (rest > 0) await this.options.timers.sleep(rest, this.stopped.signal);
      }
    }
  }

  /** One round: claim, publish, mark sent, commit. Exposed for tests and for draining. */
  async runOnce(): Promise<RoundResult> {
    const { pool, claimLimit } = this.options;
    const result = await withTransaction(pool, async (client) => {
      const { schema } = this.options.table;
      const { rows } = await client.query<OutboxRow>({
        name: `${schema}.outbox.claim`,
        text: this.sql.claim,
        values: [claimLimit],
      });
      const { sent, failed } = await this.publish(rows);
      if (sent.length > 0) {
        await client.query({
          name: `${schema}.outbox.sent`,
          text: this.sql.sent,
          values: [sent],
        });
      }
      return { published: sent.length, failed, more: rows.length === claimLimit };
    });
    this.published.inc(result.published);
    if (result.failed > 0) this.failures.inc(result.failed);
    return result;
  }

  /**
   * Sends rows in waves of SendMessageBatch calls, each with at most one row per group and in id order.
   * Returns the ids SQS accepted; rows of a group stop at its first refusal.
   */
  private async publish(rows: OutboxRow[]): Promise<{ sent: string[]; failed: number }> {
    const queues = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const queue = queues.get(row.group) ?? [];
      queue.push(row);
      queues.set(row.group, queue);
    }
    const sent: string[] = [];
    let failed = 0;
    while (queues.size > 0) {
      // The head of each group's queue, oldest first, ten at a time.
      const heads = [...queues.values()]
        .map((q) => q[0] as OutboxRow)
        .sort((a, b) => Number(a.id) - Number(b.id))
        .slice(0, SQS_BATCH_LIMIT);
      let accepted: Set<string>;
      try {
        accepted = await this.sendBatch(heads);
      } catch (error) {
        // SQS unreachable: keep what was accepted so far, leave the rest for the backoff loop.
        this.options.logger.warn({ err: error, pending: rows.length - sent.length }, 'SQS send failed');
        failed += rows.length - sent.length;
        break;
      }
      for (const head of heads) {
        const queue = queues.get(head.group) as OutboxRow[];
        if (accepted.has(head.id)) {
          sent.push(head.id);
          this.options.logger.debug(
            { correlationId: head.correlation_id, eventId: head.event_id, group: head.group },
            'event published',
          );
          queue.shift();
          if (queue.length === 0) queues.delete(head.group);
        } else {
          failed += queue.length;
          queues.delete(head.group);
        }
      }
    }
    return { sent, failed };
  }

  private async sendBatch(rows: OutboxRow[]): Promise<Set<string>> {
    const entries: SendMessageBatchRequestEntry[] = rows.map((row) => ({
      Id: row.id,
      MessageBody: row.payload,
      MessageGroupId: row.group,
      MessageDeduplicationId: row.event_id,
      ...(row.correlation_id
        ? { MessageAttributes: { correlationId: { DataType: 'String', StringValue: row.correlation_id } } }
        : {}),
    }));
    const result = await this.options.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: entries }),
      { abortSignal: AbortSignal.timeout(this.options.sendTimeoutMs) },
    );
    for (const failure of result.Failed ?? []) {
      this.options.logger.warn(
        {
          outboxId: failure.Id,
          code: failure.Code,
          message: failure.Message,
          senderFault: failure.SenderFault,
        },
        'SQS refused an event',
      );
    }
    return new Set((result.Successful ?? []).map((s) => s.Id ?? ''));
  }
}
