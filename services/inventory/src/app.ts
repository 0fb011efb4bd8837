import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Express, Request, Response, Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { checkDatabase } from '../../lib/src/db.js';
import { correlationIdOf, createHttpApp, HttpError } from '../../lib/src/http.js';
import type { Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import { checkQueue } from '../../lib/src/sqs.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { requestFingerprint, runWrite } from './idempotency.js';
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
  /** @defaultValue a fresh registry with Node process metrics */
  metrics?: Metrics;
  /** @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue `'64kb'` */
  bodyLimit?: number | string;
  /**
   * Called after a write committed new outbox rows: wires the in-process relay's wake-up, which also
   * works where NOTIFY does not reach the listener (pglite-socket delivers it to the writer's connection).
   */
  onOutboxWrite?: () => void;
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
      database: () => checkDatabase(deps.pool),
      queue: () => checkQueue(deps.sqs, deps.queueUrl),
    },
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
      change: (
        client: pg.PoolClient,
        p: P,
        b: B,
        ctx: store.ChangeContext,
      ) => Promise<{ status: number; body: unknown }>,
    ) =>
    async (req: Request, res: Response) => {
      const key = parseKey(req);
      const p = params.parse(req.params);
      const b = (body ? body.parse(req.body ?? {}) : noBody(req)) as B;
      const ctx = { correlationId: correlationIdOf(res), now: clock.now() };
      const result = await runWrite(pool, key, requestFingerprint(req.method, req.path, req.body), (client) =>
        change(client, p, b, ctx),
      );
      if (result.replayed) res.setHeader('idempotent-replayed', 'true');
      else if (result.status < 300) deps.onOutboxWrite?.();
      res.status(result.status).type('application/json').send(result.body);
    };

  router.put(
    '/v1/skus/:sku/stock',
    write(skuParams, setStockBody, async (client, { sku }, { onHand }, ctx) => {
      const { stock, created } = await store.setStock(client, sku, onHand, ctx);
      return { status: created ? 201 : 200, body: stock };
    }),
  );

  router.post(
    '/v1/skus/:sku/adjustments',
    write(skuParams, adjustmentBody, async (client, { sku }, adjustment, ctx) => ({
      status: 200,
      body: await store.adjustStock(client, sku, adjustment, ctx),
    })),
  );

  router.post(
    '/v1/reservations',
    write(z.object({}).strict(), reservationBody, async (client, _p, input, ctx) => ({
      status: 201,
      body: await store.reserve(client, input, ctx),
    })),
  );

  for (const action of ['release', 'commit'] as const) {
    router.post(
      `/v1/reservations/:id/${action}`,
      write(reservationParams, undefined, async (client, { id }, _b, ctx) => ({
        status: 200,
        body: await store.settleReservation(client, id, action === 'release' ? 'released' : 'committed', ctx),
      })),
    );
  }

  router.get('/v1/skus/:sku', async (req, res) => {
    const { sku } = skuParams.parse(req.params);
    const stock = await store.getStock(pool, sku);
    if (!stock) throw new HttpError(404, 'sku_not_found', `SKU ${sku} does not exist`, 'sku');
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
      throw new HttpError(404, 'sku_not_found', `SKU ${sku} does not exist`, 'sku');
    }
    const items = await store.history(pool, sku, before, limit);
    const last = items.at(-1);
    res.json({
      items,
      nextCursor: items.length === limit && last && last.seq > 1 ? encodeCursor(last.seq) : null,
    });
  });
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
