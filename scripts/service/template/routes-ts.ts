// src/routes.ts: the service's own routes under /v1, an example per kind to replace with its real API,
// built on services/lib's conventions: zod input (400 `invalid_request` naming the field), HttpError
// (404 `not_found`), pageQuery and the cursor codec for lists.
import { type Identifiers, lines, type ServiceSpec } from './spec.js';

/** Whether routes.ts takes dependencies (app.ts passes its own). */
export const routesTakeDeps = (spec: ServiceSpec): boolean =>
  spec.kind !== 'http-api' || spec.database || spec.sends !== undefined;

const helloRoute = (name: string) => `
  // An example: replace it with the API of ${name}.
  router.get('/v1/hello', (req, res) => {
    const { name } = helloQuery.parse(req.query);
    res.json({ message: \`Hello, \${name}!\` });
  });`;

const itemRoutes = `
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
    if (!item) throw new HttpError(404, 'not_found', \`Item \${id} does not exist\`, 'id');
    res.json(item);
  });

  router.get('/v1/items', async (req, res) => {
    const { limit, cursor } = pageQuery.parse(req.query);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, itemId);
    const items = await deps.store.list(after, limit);
    const last = items.at(-1);
    res.json({ items, nextCursor: items.length === limit && last ? encodeCursor(last.id) : null });
  });`;

const sendRoute = (queue: string) => `
  // Sends a message to ${queue} (FIFO: in order per group); the correlation id travels with it.
  router.post('/v1/messages', async (req, res) => {
    const message = messageBody.parse(req.body);
    const messageId = await publish(deps.sqs, deps.queueUrl, { ...message, correlationId: correlationIdOf(res) });
    res.status(202).json({ messageId });
  });`;

const receivedRoute = (queue: string) => `
  // What the consumer received from ${queue} (handler.ts, store.ts), newest first.
  router.get('/v1/messages', async (req, res) => {
    const { limit, cursor } = pageQuery.parse(req.query);
    const before = cursor === undefined ? undefined : decodeCursor(cursor, seq);
    const items = await deps.store.list(before, limit);
    const last = items.at(-1);
    res.json({ items, nextCursor: items.length === limit && last ? encodeCursor(last.seq) : null });
  });`;

const staticRoute = `
  // The built front end: public/ (its index.html at /); anything else is the common 404.
  router.use(express.static(deps.publicDir, { index: 'index.html', redirect: false }));`;

export function routesTs(spec: ServiceSpec, { name, camel }: Identifiers): string {
  const api = spec.kind === 'http-api';
  const items = api && spec.database;
  const sends = api && spec.sends !== undefined;
  const hello = api && !items && !sends;
  const worker = spec.kind === 'queue-worker';
  const web = spec.kind === 'web';
  const paged = items || worker;
  const deps = [
    sends && "  sqs: AppDeps['sqs'];",
    sends && "  queueUrl: AppDeps['queueUrl'];",
    (items || worker) && "  store: AppDeps['store'];",
    web && "  publicDir: AppDeps['publicDir'];",
  ];
  return `${lines(
    `// The routes of ${name}${web ? '' : ' under /v1'} (the common plumbing comes from services/lib's createHttpApp).`,
    web ? "import express, { type Router } from 'express';" : "import type { Router } from 'express';",
    !web && "import { z } from 'zod';",
    paged && "import { decodeCursor, encodeCursor } from '../../lib/src/cursor.js';",
    (sends || items) &&
      `import { ${[sends && 'correlationIdOf', items && 'HttpError'].filter(Boolean).join(', ')} } from '../../lib/src/http.js';`,
    paged && "import { pageQuery } from '../../lib/src/paging.js';",
    routesTakeDeps(spec) && "import type { AppDeps } from './app.js';",
    sends && "import { publish } from './publisher.js';",
  )}

${lines(
  hello && "const helloQuery = z.strictObject({ name: z.string().min(1).max(100).default('world') });",
  items &&
    "const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');",
  items && 'const itemParams = z.strictObject({ id: itemId });',
  items && 'const itemBody = z.strictObject({ name: z.string().trim().min(1).max(200) });',
  sends &&
    'const messageBody = z.strictObject({ group: z.string().min(1).max(128), body: z.record(z.string(), z.unknown()) });',
  worker && '/** The key of a list cursor: the seq of the last message seen. */',
  worker && 'const seq = z.number().int().min(1);',
)}
${
  routesTakeDeps(spec)
    ? `
/** What the routes use of {@link AppDeps}. */
export interface RouteDeps {
${lines(...deps)}
}

export function ${camel}Routes(deps: RouteDeps) {`
    : `
export function ${camel}Routes() {`
}
  return (router: Router): void => {${lines(
    hello && helloRoute(name),
    items && itemRoutes,
    sends && sendRoute(spec.sends ?? ''),
    worker && receivedRoute(spec.receives ?? ''),
    web && staticRoute,
  )}
  };
}
`;
}
