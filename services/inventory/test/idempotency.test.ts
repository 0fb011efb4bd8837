import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requirePostgres } from '../../lib/test-support/database.js';
import { purgeIdempotencyKeys } from '../src/idempotency.js';
import { call, type Harness, snapshot, startHarness } from './harness.js';

// Concurrent duplicates race on the key's primary key only with real concurrent transactions.
const racesAreReal = await requirePostgres('Idempotency-Key: concurrent duplicates');

describe('Idempotency-Key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await call(h.url, 'PUT', '/v1/skus/IDEM-1/stock', { onHand: 10 });
  });
  afterAll(() => h.stop());

  const adjust = (key: string, delta = 5) =>
    call(
      h.url,
      'POST',
      '/v1/skus/IDEM-1/adjustments',
      { delta, reason: 'received' },
      { 'idempotency-key': key },
    );

  it('returns the first response to a repeat and applies the change once', async () => {
    const first = await adjust('k-1');
    expect(first.status).toBe(200);
    expect(first.body.onHand).toBe(15);
    const before = await snapshot(h.pool);
    const again = await adjust('k-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot(h.pool)).toEqual(before);
  });

  it('treats a reordered but equal JSON body as the same request', async () => {
    const a = await call(
      h.url,
      'POST',
      '/v1/reservations',
      { sku: 'IDEM-1', quantity: 1, orderId: 'o-1' },
      {
        'idempotency-key': 'k-order',
      },
    );
    const b = await call(
      h.url,
      'POST',
      '/v1/reservations',
      { orderId: 'o-1', quantity: 1, sku: 'IDEM-1' },
      {
        'idempotency-key': 'k-order',
      },
    );
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });

  it('fingerprints the route and its decoded parameters, not the raw path', async () => {
    const put = (path: string) =>
      call(h.url, 'PUT', path, { onHand: 7 }, { 'idempotency-key': 'k-same-request' });
    const first = await put('/v1/skus/IDEM-2/stock');
    expect(first.status).toBe(201);
    for (const path of ['/v1/skus/IDEM-2/stock/', '/v1/skus/IDEM-%32/stock']) {
      const again = await put(path);
      expect([path, again.status, again.headers.get('idempotent-replayed')]).toEqual([path, 201, 'true']);
      expect(again.body).toEqual(first.body);
    }
    // Another SKU under the same key is another request.
    expect((await put('/v1/skus/IDEM-3/stock')).status).toBe(422);
  });

  (racesAreReal ? it : it.skip)('applies concurrent duplicates once', async () => {
    const before = (await call(h.url, 'GET', '/v1/skus/IDEM-1')).body;
    const results = await Promise.all(Array.from({ length: 20 }, () => adjust('k-concurrent', 1)));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const after = (await call(h.url, 'GET', '/v1/skus/IDEM-1')).body;
    expect(after.onHand).toBe(before.onHand + 1);
    expect(after.seq).toBe(before.seq + 1);
    const outbox = await h.pool.query(`SELECT count(*)::int AS n FROM inventory.outbox WHERE seq = $1`, [
      after.seq,
    ]);
    expect(outbox.rows[0].n).toBe(1);
  });

  it('answers 422 when a key is reused for a different request, and changes nothing', async () => {
    await adjust('k-reuse', 2);
    const before = await snapshot(h.pool);
    const other = await adjust('k-reuse', 3);
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    const otherPath = await call(
      h.url,
      'PUT',
      '/v1/skus/IDEM-1/stock',
      { onHand: 1 },
      { 'idempotency-key': 'k-reuse' },
    );
    expect(otherPath.status).toBe(422);
    expect(await snapshot(h.pool)).toEqual(before);
  });

  it('stores a refusal too: a repeat gets the same 409 even after stock arrives', async () => {
    const big = { sku: 'IDEM-1', quantity: 1000, orderId: 'o-big' };
    const first = await call(h.url, 'POST', '/v1/reservations', big, { 'idempotency-key': 'k-409' });
    expect(first.status).toBe(409);
    await call(h.url, 'POST', '/v1/skus/IDEM-1/adjustments', { delta: 5000, reason: 'received' });
    const again = await call(h.url, 'POST', '/v1/reservations', big, { 'idempotency-key': 'k-409' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
  });

  it('forgets keys after the retention period', async () => {
    await adjust('k-old', 1);
    await h.pool.query(
      `UPDATE inventory.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k-old'`,
    );
    expect(await purgeIdempotencyKeys(h.pool)).toBe(1);
    const fresh = await adjust('k-old', 2);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
  });

  it('makes release and commit safe to retry', async () => {
    const r = await call(h.url, 'POST', '/v1/reservations', { sku: 'IDEM-1', quantity: 2, orderId: 'o-rel' });
    const once = await call(h.url, 'POST', `/v1/reservations/${r.body.id}/release`);
    const before = await snapshot(h.pool);
    const twice = await call(h.url, 'POST', `/v1/reservations/${r.body.id}/release`);
    expect([once.status, twice.status]).toEqual([200, 200]);
    expect(twice.body.status).toBe('released');
    expect(await snapshot(h.pool)).toEqual(before);
    const commit = await call(h.url, 'POST', `/v1/reservations/${r.body.id}/commit`);
    expect(commit.status).toBe(409);
    expect(commit.body.error.code).toBe('reservation_settled');
  });
});
