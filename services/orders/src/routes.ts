// The routes of orders under /v1 (the common plumbing comes from services/lib's createHttpApp).
import type { Router } from 'express';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/src/cursor.js';
import { correlationIdOf, HttpError } from '../../lib/src/http.js';
import { pageQuery } from '../../lib/src/paging.js';
import type { AppDeps } from './app.js';
import { publish } from './publisher.js';

const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
const itemParams = z.strictObject({ id: itemId });
const itemBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
const messageBody = z.strictObject({
  group: z.string().min(1).max(128),
  body: z.record(z.string(), z.unknown()),
});

/** What the routes use of {@link AppDeps}. */
export interface RouteDeps {
  sqs: AppDeps['sqs'];
  queueUrl: AppDeps['queueUrl'];
  store: AppDeps['store'];
}

export function ordersRoutes(deps: RouteDeps) {
  return (router: Router): void => {
    // An example resource (store.ts, migrations/001_init.sql): replace it with the service's own.
    router.put('/v1/items/:id', async (req, res) => {
      const { id } = itemParams.parse(req.params);
      const { name } = itemBody.parse(req.body);
      const { item, created } = await deps.store.put(id, name);
      res.status(created ? 201 : 200).json(item);
    });

    router.get('/v1/items/:id', async (req, res) => {
      const { id } = itemParams.parse(req.params);
      const item = await deps.store.get(id);
      if (!item) throw new HttpError(404, 'not_found', `Item ${id} does not exist`, 'id');
      res.json(item);
    });

    router.get('/v1/items', async (req, res) => {
      const { limit, cursor } = pageQuery.parse(req.query);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, itemId);
      const items = await deps.store.list(after, limit);
      const last = items.at(-1);
      res.json({ items, nextCursor: items.length === limit && last ? encodeCursor(last.id) : null });
    });

    // Sends a message to orders-events (FIFO: in order per group); the correlation id travels with it.
    router.post('/v1/messages', async (req, res) => {
      const message = messageBody.parse(req.body);
      const messageId = await publish(deps.sqs, deps.queueUrl, {
        ...message,
        correlationId: correlationIdOf(res),
      });
      res.status(202).json({ messageId });
    });
  };
}
