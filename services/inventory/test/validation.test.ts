import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, type Harness, snapshot, startHarness } from './harness.js';

type Case = [name: string, method: string, path: string, body: unknown, status: number, field?: string];

const huge = 1_000_000_001;
const cases: Case[] = [
  ['onHand as string', 'PUT', '/v1/skus/VAL-1/stock', { onHand: '5' }, 400, 'onHand'],
  ['negative onHand', 'PUT', '/v1/skus/VAL-1/stock', { onHand: -1 }, 400, 'onHand'],
  ['fractional onHand', 'PUT', '/v1/skus/VAL-1/stock', { onHand: 1.5 }, 400, 'onHand'],
  ['huge onHand', 'PUT', '/v1/skus/VAL-1/stock', { onHand: huge }, 400, 'onHand'],
  ['missing onHand', 'PUT', '/v1/skus/VAL-1/stock', {}, 400, 'onHand'],
  ['unknown field', 'PUT', '/v1/skus/VAL-1/stock', { onHand: 1, price: 3 }, 400, 'price'],
  ['lower-case sku', 'PUT', '/v1/skus/bad-sku/stock', { onHand: 1 }, 400, 'sku'],
  ['too long sku', 'PUT', `/v1/skus/${'A'.repeat(65)}/stock`, { onHand: 1 }, 400, 'sku'],
  ['null body', 'PUT', '/v1/skus/VAL-1/stock', 'null', 400],
  ['array body', 'PUT', '/v1/skus/VAL-1/stock', '[1]', 400],
  ['invalid JSON', 'PUT', '/v1/skus/VAL-1/stock', '{"onHand": ', 400],
  ['zero delta', 'POST', '/v1/skus/VAL-1/adjustments', { delta: 0, reason: 'received' }, 400, 'delta'],
  [
    'fractional delta',
    'POST',
    '/v1/skus/VAL-1/adjustments',
    { delta: 0.5, reason: 'received' },
    400,
    'delta',
  ],
  ['huge delta', 'POST', '/v1/skus/VAL-1/adjustments', { delta: -huge, reason: 'received' }, 400, 'delta'],
  ['unknown reason', 'POST', '/v1/skus/VAL-1/adjustments', { delta: 1, reason: 'because' }, 400, 'reason'],
  ['missing reason', 'POST', '/v1/skus/VAL-1/adjustments', { delta: 1 }, 400, 'reason'],
  ['delta as string', 'POST', '/v1/skus/VAL-1/adjustments', { delta: '1', reason: 'received' }, 400, 'delta'],
  ['zero quantity', 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 0, orderId: 'o' }, 400, 'quantity'],
  [
    'negative quantity',
    'POST',
    '/v1/reservations',
    { sku: 'VAL-1', quantity: -2, orderId: 'o' },
    400,
    'quantity',
  ],
  [
    'huge quantity',
    'POST',
    '/v1/reservations',
    { sku: 'VAL-1', quantity: huge, orderId: 'o' },
    400,
    'quantity',
  ],
  [
    'fractional quantity',
    'POST',
    '/v1/reservations',
    { sku: 'VAL-1', quantity: 1.2, orderId: 'o' },
    400,
    'quantity',
  ],
  ['bad order id', 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 1, orderId: 'a b' }, 400, 'orderId'],
  ['missing order id', 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 1 }, 400, 'orderId'],
  ['bad reservation sku', 'POST', '/v1/reservations', { sku: '', quantity: 1, orderId: 'o' }, 400, 'sku'],
  ['extra field', 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 1, orderId: 'o', x: 1 }, 400, 'x'],
  ['non-uuid reservation', 'POST', '/v1/reservations/123/release', undefined, 400, 'id'],
  [
    'body on release',
    'POST',
    '/v1/reservations/6f1c1f5e-7c4e-4b8a-9d5e-1f2a3b4c5d6e/release',
    { a: 1 },
    400,
    'body',
  ],
  ['bad cursor', 'GET', '/v1/skus?cursor=not-a-cursor', undefined, 400, 'cursor'],
  [
    'forged cursor',
    'GET',
    `/v1/skus?cursor=${Buffer.from('{"k":"x y"}').toString('base64url')}`,
    undefined,
    400,
    'cursor',
  ],
  ['zero limit', 'GET', '/v1/skus?limit=0', undefined, 400, 'limit'],
  ['huge limit', 'GET', '/v1/skus?limit=100000', undefined, 400, 'limit'],
  ['unknown query', 'GET', '/v1/skus?offset=3', undefined, 400, 'offset'],
  ['bad history cursor', 'GET', '/v1/skus/VAL-1/history?cursor=eyJrIjoiYSJ9', undefined, 400, 'cursor'],
  ['unknown sku', 'POST', '/v1/skus/NOPE/adjustments', { delta: 1, reason: 'received' }, 404, 'sku'],
  [
    'unknown reservation',
    'POST',
    '/v1/reservations/6f1c1f5e-7c4e-4b8a-9d5e-1f2a3b4c5d6e/commit',
    undefined,
    404,
    'id',
  ],
  ['reserve unknown sku', 'POST', '/v1/reservations', { sku: 'NOPE', quantity: 1, orderId: 'o' }, 404, 'sku'],
  ['oversell', 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 11, orderId: 'o' }, 409, 'quantity'],
  ['below reserved', 'POST', '/v1/skus/VAL-1/adjustments', { delta: -9, reason: 'lost' }, 409, 'delta'],
  ['set below reserved', 'PUT', '/v1/skus/VAL-1/stock', { onHand: 1 }, 409, 'onHand'],
  ['unknown route', 'GET', '/v1/nothing', undefined, 404],
  // A hostile client's inputs (issue 15): each was a 500 before.
  [
    'NUL in a note',
    'POST',
    '/v1/skus/VAL-1/adjustments',
    { delta: 1, reason: 'found', note: 'a\u0000b' },
    400,
    'note',
  ],
  ['malformed percent-encoding', 'GET', '/v1/skus/%E0%A4%A', undefined, 400, 'path'],
  ['a lone percent sign', 'PUT', '/v1/skus/%/stock', { onHand: 1 }, 400, 'path'],
  ['a lone percent sign in history', 'GET', '/v1/skus/%/history', undefined, 400, 'path'],
];

describe('bad requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bodyLimit: '8kb' });
    await call(h.url, 'PUT', '/v1/skus/VAL-1/stock', { onHand: 10 });
    await call(h.url, 'POST', '/v1/reservations', { sku: 'VAL-1', quantity: 2, orderId: 'seed' });
  });
  afterAll(() => h.stop());

  it.each(cases.map((c) => ({ name: c[0], c })))(
    '$name: 4xx naming the field, nothing written',
    async ({ c }) => {
      const [, method, path, body, status, field] = c;
      const before = await snapshot(h.pool);
      const res = await call(h.url, method, path, body);
      expect(res.status).toBe(status);
      expect(typeof res.body.error.code).toBe('string');
      expect(typeof res.body.error.message).toBe('string');
      if (field) expect(res.body.error.field).toBe(field);
      expect(await snapshot(h.pool)).toEqual(before);
    },
  );

  it('413 for an oversized body, 415 for a non-JSON body, 400 for a bad Idempotency-Key; nothing written', async () => {
    const before = await snapshot(h.pool);
    const big = await call(
      h.url,
      'PUT',
      '/v1/skus/VAL-1/stock',
      JSON.stringify({ onHand: 1, pad: 'x'.repeat(9000) }),
    );
    expect(big.status).toBe(413);
    const form = await call(h.url, 'PUT', '/v1/skus/VAL-1/stock', 'onHand=5', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const key = await call(
      h.url,
      'PUT',
      '/v1/skus/VAL-1/stock',
      { onHand: 12 },
      { 'idempotency-key': 'has space' },
    );
    expect([key.status, key.body.error.field]).toEqual([400, 'Idempotency-Key']);
    expect(await snapshot(h.pool)).toEqual(before);
  });

  it('writes need inventory:write (401 without a token, 403 with another scope), reads are open; nothing written', async () => {
    const before = await snapshot(h.pool);
    const anonymous = await call(h.url, 'PUT', '/v1/skus/VAL-1/stock', { onHand: 3 }, { authorization: '' });
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([
      401,
      'Bearer realm="inventory"',
    ]);
    const pricingToken = await h.issuer.sign({ scopes: ['pricing:write', 'inventory:read'] });
    const reserve = await call(
      h.url,
      'POST',
      '/v1/reservations',
      { sku: 'VAL-1', quantity: 1, orderId: 'no-scope' },
      { authorization: `Bearer ${pricingToken}` },
    );
    expect([reserve.status, reserve.body.error.code]).toEqual([403, 'forbidden']);
    const expired = await h.issuer.sign({ ttlSeconds: -300 });
    const late = await call(
      h.url,
      'PUT',
      '/v1/skus/VAL-1/stock',
      { onHand: 3 },
      { authorization: `Bearer ${expired}` },
    );
    expect(late.status).toBe(401);
    expect((await call(h.url, 'GET', '/v1/skus/VAL-1', undefined, { authorization: '' })).status).toBe(200);
    expect(await snapshot(h.pool)).toEqual(before);
  });

  it.each(['gzip', 'deflate', 'br'])(
    'a body that is not the %s it claims to be is 400, nothing written',
    async (encoding) => {
      const before = await snapshot(h.pool);
      const res = await call(h.url, 'PUT', '/v1/skus/VAL-1/stock', JSON.stringify({ onHand: 5 }), {
        'content-encoding': encoding,
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_body']);
      expect(await snapshot(h.pool)).toEqual(before);
    },
  );
});
