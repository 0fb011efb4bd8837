import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Express, Request, Response, Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { ServiceAuth } from '../../lib/src/auth.js';
import { decodeCursor, encodeCursor } from '../../lib/src/cursor.js';
import type { DatabaseSetup } from '../../lib/src/database-setup.js';
import { checkDatabase } from '../../lib/src/db.js';
import { correlationIdOf, createHttpApp, HttpError } from '../../lib/src/http.js';
import type { Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { checkQueue } from '../../lib/src/sqs.js';
import { requestFingerprint, runWrite, type WriteResult } from './idempotency.js';
import {
  adjustmentBody,
  idempotencyKey,
  pageQuery,
  reservationBody,
  reservationParams,
  setStockBody,
  skuParams,
  skuSchema,
} from './schemas.js';
import * as store from './store.js';

/** A source of the current time; injectable so tests can pin timestamps. */
export interface Clock {
  now(): Date;
}

/** Dependencies of {@link createApp}. */
export interface AppDeps {
  pool: pg.Pool;
  sqs: SQSClient;
  /** Event queue URL, probed by `/ready`. */
  queueUrl: string;
  logger: Logger;
  /** Bearer-token checks of the API (writes need `inventory:write`); no verifier: writes are refused. */
  auth: ServiceAuth;
  /** @defaultValue a fresh registry with Node process metrics */
  metrics?: Metrics;
  /** @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue `'64kb'` */
  bodyLimit?: number | string;
  /**
   * Called after a write committed new outbox rows: wakes the in-process relay (writes do not NOTIFY, which
   * would serialise every commit of the database; other replicas' rows are found by the relay's poll).
   */
  onOutboxWrite?: () => void;
  /** The start's database setup: routes answer 503 and `/ready` fails until it is done. @defaultValue none (set up) */
  setup?: Pick<DatabaseSetup, 'check' | 'guard'>;
}

const systemClock: Clock = { now: () => new Date() };

/** The inventory HTTP API (see ARCHITECTURE.md, Services). */
export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? new Metrics({ defaultLabels: { service: 'inventory' } });
  return createHttpApp({
    logger: deps.logger,
    metrics,
    ...(deps.bodyLimit === undefined ? {} : { bodyLimit: deps.bodyLimit }),
    readiness: {
      database: async () => {
        deps.setup?.check();
        await checkDatabase(deps.pool);
      },
      queue: () => checkQueue(deps.sqs, deps.queueUrl),
    },
    ...(deps.setup ? { beforeRoutes: deps.setup.guard } : {}),
    auth: { service: 'inventory', ...deps.auth },
    routes: (router) => mountRoutes(router, deps, deps.clock ?? systemClock),
  });
}

function mountRoutes(router: Router, deps: AppDeps, clock: Clock): void {
  const { pool } = deps;

  /** Parses the request, then runs `change` as an idempotent write and sends its response. */
  const write =
    <P, B>(
      params: z.ZodType<P>,
      body: z.ZodType<B> | undefined,
      change: (db: store.Db, p: P, b: B, ctx: store.ChangeContext) => Promise<WriteResult>,
    ) =>
    async (req: Request, res: Response) => {
      const key = parseKey(req);
      const p = params.parse(req.params);
      const b = (body ? body.parse(req.body ?? {}) : noBody(req)) as B;
      const ctx = { correlationId: correlationIdOf(res), now: clock.now() };
      const result = await runWrite(
        pool,
        key,
        () => requestFingerprint(req.method, routeOf(req), { params: p, body: req.body ?? null }),
        (db) => change(db, p, b, ctx),
      );
      if (result.outcome === 'key_reused') {
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request',
          'Idempotency-Key',
        );
      }
      if (result.replayed) res.setHeader('idempotent-replayed', 'true');
      else if (result.status < 300) deps.onOutboxWrite?.();
      res.status(result.status).type('application/json').send(result.body);
    };

  router.put(
    '/v1/skus/:sku/stock',
    write(skuParams, setStockBody, async (db, { sku }, { onHand }, ctx) => {
      const done = await store.setStock(db, sku, onHand, ctx);
      if (done.outcome === 'set') return { status: done.created ? 201 : 200, body: done.stock };
      return refusal(
        409,
        'below_reserved',
        `On hand cannot be set to ${done.onHand}: ${done.reserved} are reserved`,
        'onHand',
      );
    }),
  );

  router.post(
    '/v1/skus/:sku/adjustments',
    write(skuParams, adjustmentBody, async (db, { sku }, adjustment, ctx) => {
      const done = await store.adjustStock(db, sku, adjustment, ctx);
      switch (done.outcome) {
        case 'adjusted':
          return { status: 200, body: done.stock };
        case 'sku_not_found':
          return refusal(404, 'not_found', `SKU ${sku} does not exist`, 'sku');
        case 'above_maximum':
          return refusal(409, 'above_maximum', `On hand would exceed ${done.maximum}`, 'delta');
        case 'below_reserved':
          return refusal(
            409,
            'below_reserved',
            `On hand would drop to ${done.onHand + done.delta}, below the ${done.reserved} reserved`,
            'delta',
          );
      }
    }),
  );

  router.post(
    '/v1/reservations',
    write(z.object({}).strict(), reservationBody, async (db, _p, input, ctx) => {
      const done = await store.reserve(db, input, ctx);
      switch (done.outcome) {
        case 'reserved':
          return { status: 201, body: done.reservation };
        case 'sku_not_found':
          return refusal(404, 'not_found', `SKU ${input.sku} does not exist`, 'sku');
        case 'insufficient_stock':
          return refusal(
            409,
            'insufficient_stock',
            `Only ${done.available} of ${input.sku} available, ${done.requested} requested`,
            'quantity',
          );
      }
    }),
  );

  for (const action of ['release', 'commit'] as const) {
    router.post(
      `/v1/reservations/:id/${action}`,
      write(reservationParams, undefined, async (db, { id }, _b, ctx) => {
        const done = await store.settleReservation(
          db,
          id,
          action === 'release' ? 'released' : 'committed',
          ctx,
        );
        switch (done.outcome) {
          case 'settled':
          case 'unchanged':
            return { status: 200, body: done.reservation };
          case 'reservation_not_found':
            return refusal(404, 'not_found', `Reservation ${id} does not exist`, 'id');
          case 'reservation_settled':
            return refusal(409, 'reservation_settled', `Reservation ${id} is already ${done.status}`, 'id');
        }
      }),
    );
  }

  router.get('/v1/skus/:sku', async (req, res) => {
    const { sku } = skuParams.parse(req.params);
    const stock = await store.getStock(pool, sku);
    if (!stock) throw new HttpError(404, 'not_found', `SKU ${sku} does not exist`, 'sku');
    res.json(stock);
  });

  router.get('/v1/skus', async (req, res) => {
    const { limit, cursor } = pageQuery.parse(req.query);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, skuSchema);
    const items = await store.listStock(pool, after, limit);
    const last = items.at(-1);
    res.json({ items, nextCursor: items.length === limit && last ? encodeCursor(last.sku) : null });
  });

  router.get('/v1/skus/:sku/history', async (req, res) => {
    const { sku } = skuParams.parse(req.params);
    const { limit, cursor } = pageQuery.parse(req.query);
    const before = cursor === undefined ? undefined : decodeCursor(cursor, z.number().int().min(1));
    if (!(await store.getStock(pool, sku))) {
      throw new HttpError(404, 'not_found', `SKU ${sku} does not exist`, 'sku');
    }
    const items = await store.history(pool, sku, before, limit);
    const last = items.at(-1);
    res.json({
      items,
      nextCursor: items.length === limit && last && last.seq > 1 ? encodeCursor(last.seq) : null,
    });
  });
}

/** A refused write's response (the store wrote nothing), in the error body shape of every error. */
function refusal(status: number, code: string, message: string, field?: string): WriteResult {
  return { status, body: { error: { code, message, ...(field === undefined ? {} : { field }) } } };
}

/**
 * The matched route pattern (`/v1/skus/:sku/stock`), not the raw path: `/v1/skus/A-2/stock/` and
 * `/v1/skus/A-%32/stock` are the same request and must fingerprint alike (with the decoded params).
 */
function routeOf(req: Request): string {
  return `${req.baseUrl}${String(req.route?.path ?? req.path)}`;
}

function parseKey(req: Request): string | undefined {
  const raw = req.get('idempotency-key');
  if (raw === undefined) return undefined;
  const parsed = idempotencyKey.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(
      400,
      'invalid_request',
      'Idempotency-Key: expected 1-200 printable ASCII characters',
      'Idempotency-Key',
    );
  }
  return parsed.data;
}

/** Actions without a body accept none or `{}`: anything else is a mistake worth a 400. */
function noBody(req: Request): undefined {
  const body: unknown = req.body;
  if (body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
    throw new HttpError(400, 'invalid_request', 'This action takes no request body', 'body');
  }
  return undefined;
}
