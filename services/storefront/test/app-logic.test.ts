// The page's logic without a browser: the cart's rules, how an order's state reads, and how an API's answer
// becomes an ApiError (against a real local HTTP server). The page itself: test/browser/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError, api } from '../app/src/api.js';
import { type Cart, cartReducer, loadCart, overAvailable } from '../app/src/cart.js';
import { formatCents } from '../app/src/money.js';
import { canCancel, isFinal, type OrderStatus, statusText } from '../app/src/orders.js';

describe('the cart', () => {
  const add = (cart: Cart, sku: string, available: number) =>
    cartReducer(cart, { type: 'add', sku, available });

  it('adds one at a time, never past what is available', () => {
    let cart: Cart = [];
    for (let i = 0; i < 5; i++) cart = add(cart, 'A-1', 3);
    expect(cart).toEqual([{ sku: 'A-1', quantity: 3 }]);
    expect(add([], 'SOLD', 0)).toEqual([]);
  });

  it('sets a quantity within 1 and what is available; anything else changes nothing', () => {
    const cart: Cart = [{ sku: 'A-1', quantity: 2 }];
    const set = (quantity: number, available = 5) =>
      cartReducer(cart, { type: 'set', sku: 'A-1', quantity, available });
    expect(set(4)).toEqual([{ sku: 'A-1', quantity: 4 }]);
    expect(set(9)).toEqual([{ sku: 'A-1', quantity: 5 }]);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(set(bad)).toBe(cart);
    expect(set(1, 0)).toBe(cart);
  });

  it('removes and clears; names the lines stock no longer covers', () => {
    const cart: Cart = [
      { sku: 'A-1', quantity: 2 },
      { sku: 'B-2', quantity: 1 },
    ];
    expect(cartReducer(cart, { type: 'remove', sku: 'A-1' })).toEqual([{ sku: 'B-2', quantity: 1 }]);
    expect(cartReducer(cart, { type: 'clear' })).toEqual([]);
    expect(overAvailable(cart, new Map([['A-1', 1]]))).toEqual(cart);
    expect(
      overAvailable(
        cart,
        new Map([
          ['A-1', 2],
          ['B-2', 1],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads back what it kept, and nothing from an entry that is not a cart', () => {
    const from = (text: string | null) => loadCart({ getItem: () => text });
    expect(from('[{"sku":"A-1","quantity":2}]')).toEqual([{ sku: 'A-1', quantity: 2 }]);
    expect(from('[{"sku":"A-1","quantity":0},{"sku":3,"quantity":1},{"sku":"B","quantity":1}]')).toEqual([
      { sku: 'B', quantity: 1 },
    ]);
    for (const bad of [null, 'not json', '{"sku":"A-1"}']) expect(from(bad)).toEqual([]);
  });
});

describe("an order's state in words", () => {
  it('says why a cancelled order was cancelled', () => {
    expect(statusText({ status: 'cancelled', reason: 'payment_declined' })).toBe(
      'Payment declined: your items were released',
    );
    expect(statusText({ status: 'cancelled', reason: 'insufficient_stock' })).toBe(
      'Not enough stock: nothing was charged',
    );
    expect(statusText({ status: 'cancelled', reason: 'something_new' })).toBe('Cancelled (something_new)');
    expect(statusText({ status: 'confirmed' })).toBe('Confirmed: thank you for your order');
  });

  it('is final when confirmed or cancelled, and can be cancelled while pending or reserved', () => {
    const all: OrderStatus[] = ['pending', 'reserved', 'paid', 'confirmed', 'cancelling', 'cancelled'];
    expect(all.filter(isFinal)).toEqual(['confirmed', 'cancelled']);
    expect(all.filter(canCancel)).toEqual(['pending', 'reserved']);
  });

  it('shows cents as dollars', () => {
    expect([formatCents(1350), formatCents(5), formatCents(100_000)]).toEqual([
      '$13.50',
      '$0.05',
      '$1,000.00',
    ]);
  });
});

describe('api()', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; headers?: Record<string, string | string[] | undefined>; body?: string } =
    {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        Object.assign(seen, { method: req.method, headers: req.headers, body });
        const answers: Record<string, [number, string]> = {
          '/ok': [201, '{"id":"o-1"}'],
          '/refused': [
            409,
            '{"error":{"code":"insufficient_stock","message":"Only 1 left","field":"lines"}}',
          ],
          '/broken': [502, '<html>bad gateway</html>'],
        };
        // /slow: never answers.
        const answer = answers[req.url ?? ''];
        if (answer) res.writeHead(answer[0]).end(answer[1]);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the token, the idempotency key and the JSON body', async () => {
    const order = await api<{ id: string }>(`${base}/ok`, {
      method: 'POST',
      token: 'tok',
      idempotencyKey: 'key-1',
      body: { lines: [] },
    });
    expect(order).toEqual({ id: 'o-1' });
    expect([seen.method, seen.body]).toEqual(['POST', '{"lines":[]}']);
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer tok',
      'idempotency-key': 'key-1',
      'content-type': 'application/json',
    });
  });

  it("turns the platform's error shape into an ApiError; a definite refusal is not retried", async () => {
    const error = await api(`${base}/refused`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'insufficient_stock',
      message: 'Only 1 left',
      field: 'lines',
    });
    expect((error as ApiError).retryable).toBe(false);
  });

  it('an answer that is not the error shape, no answer, or a late one: retryable, said plainly', async () => {
    await expect(api(`${base}/broken`)).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      retryable: true,
    });
    await expect(api(`${base}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({
      status: 0,
      code: 'timeout',
      message: 'The server took too long to answer',
      retryable: true,
    });
    await expect(api('http://127.0.0.1:1/x')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
