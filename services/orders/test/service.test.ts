// orders, started as main.ts starts it, over real HTTP: /health, /ready (its database and its queue
// answering), /metrics and its example API. Written by `npm run new:service` (scripts/service/template):
// grow it with the service.
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/src/logger.js';
import { bearer, createDevIssuer } from '../../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';
import { loadOrdersConfig } from '../src/config.js';
import { type RunningOrders, startOrders } from '../src/service.js';

/** The token issuer the service trusts (AUTH_PUBLIC_KEY), for writes. */
const issuer = await createDevIssuer();
const jsonHeaders = { 'content-type': 'application/json' };
let db: TestDatabase;
let queue: TestQueue;
let service: RunningOrders;
const url = (path: string) => `${service.url}${path}`;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; field?: string } }).error;
type Page<T> = { items: T[]; nextCursor: string | null };

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'orders' });
  queue = await startFauxqs({ name: `test-${Date.now()}` });
  service = await startOrders(
    loadOrdersConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SQS_ENDPOINT: queue.endpoint,
      SQS_QUEUE_URL: queue.queueUrl,
      ...issuer.env,
    }),
    { logger: createLogger({ name: 'orders', level: 'silent' }) },
  );
});

afterAll(async () => {
  await service?.stop();
  await queue?.stop();
  await db?.cleanup();
});

describe('orders over HTTP', () => {
  it('answers /health, and /ready with its database and its queue reachable', async () => {
    const health = await fetch(url('/health'));
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(url('/ready'));
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', checks: { database: { ok: true }, queue: { ok: true } } },
    ]);
  });

  it('counts its requests on /metrics', async () => {
    await fetch(url('/health'));
    const metrics = await fetch(url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /^http_request_duration_seconds_count\{service="orders",method="GET",route="\/health",status="200"\} [1-9]/m,
    );
  });

  it('keeps items: a write needs orders:write, a read finds it, a list pages by id', async () => {
    const body = JSON.stringify({ name: 'first' });
    const anonymous = await fetch(url('/v1/items/a-1'), { method: 'PUT', headers: jsonHeaders, body });
    expect(anonymous.status).toBe(401);
    const headers = { ...jsonHeaders, ...bearer(await issuer.sign({ scopes: ['orders:write'] })) };
    for (const id of ['a-1', 'a-2', 'a-3']) {
      const put = await fetch(url(`/v1/items/${id}`), { method: 'PUT', headers, body });
      expect([id, put.status]).toEqual([id, 201]);
    }
    const renamed = await fetch(url('/v1/items/a-1'), {
      method: 'PUT',
      headers,
      body: JSON.stringify({ name: 'renamed' }),
    });
    expect(renamed.status).toBe(200);
    expect(await (await fetch(url('/v1/items/a-1'))).json()).toMatchObject({ id: 'a-1', name: 'renamed' });
    const first = (await (await fetch(url('/v1/items?limit=2'))).json()) as Page<{ id: string }>;
    expect(first.items.map((item) => item.id)).toEqual(['a-1', 'a-2']);
    const next = (await (await fetch(url(`/v1/items?limit=2&cursor=${first.nextCursor}`))).json()) as Page<{
      id: string;
    }>;
    expect([next.items.map((item) => item.id), next.nextCursor]).toEqual([['a-3'], null]);
    const missing = await fetch(url('/v1/items/none'));
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found']);
  });

  it("sends a message to orders-events, in its group, with the request's correlation id", async () => {
    const headers = { ...jsonHeaders, ...bearer(await issuer.sign({ scopes: ['orders:write'] })) };
    const sent = await fetch(url('/v1/messages'), {
      method: 'POST',
      headers: { ...headers, 'x-correlation-id': 'test-1' },
      body: JSON.stringify({ group: 'g-1', body: { hello: 'world' } }),
    });
    expect(sent.status).toBe(202);
    const { messageId } = (await sent.json()) as { messageId: string };
    const received = await queue.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['MessageGroupId'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(
      received.Messages?.map((m) => [
        m.MessageId,
        m.Body,
        m.Attributes?.MessageGroupId,
        m.MessageAttributes?.correlationId?.StringValue,
      ]),
    ).toEqual([[messageId, '{"hello":"world"}', 'g-1', 'test-1']]);
  });
});
