// Checkout in Chromium, against `npm start`'s stack through its entrypoint, signing in at the stack's local
// OpenID Provider (scripts/stack/identity.ts: discovery at AUTH_ISSUER, code + PKCE, a login form that takes
// any name): (a) an order confirmed and the stock down, (b) a sold-out product that cannot be ordered, from
// the page or past it, (c) a declined payment that releases the stock and says so. The orders contract:
// POST/GET /v1/orders, statuses pending → reserved → paid → confirmed, or cancelled with a reason.
// Screenshots of each step: .data/screenshots/checkout-*/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { eventually } from '../../../lib/test-support/processes.js';
import {
  type Browser,
  cartLineOf,
  chromiumUnavailable,
  openBrowser,
  rowOf,
  screenshots,
  signInAtProvider,
  startTestStack,
  type TestStack,
} from './harness.js';

const CUSTOMER = 'alice';

interface Order {
  id: string;
  status: string;
  reason?: string;
  lines: { sku: string; quantity: number }[];
}

const unavailable = chromiumUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED the storefront's checkout tests: ${unavailable}`);
}
const suite = unavailable === undefined ? describe : describe.skip;

let shop: TestStack | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  if (unavailable !== undefined) return;
  [shop, browser] = await Promise.all([startTestStack(), openBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await shop?.stop();
});

/** A signed-in tab of the shop with `sku` in its list; closed after `body`. */
async function asCustomer(
  test: string,
  sku: string,
  body: (page: Page, shot: (step: string) => Promise<void>, url: string) => Promise<void>,
): Promise<void> {
  if (!shop || !browser) throw new Error('no stack or no browser: see beforeAll');
  const page = await browser.page();
  const shot = screenshots(page, test);
  try {
    await page.goto(shop.url);
    await rowOf(page, sku).waitFor();
    await body(page, shot, shop.url);
  } finally {
    await page.close();
  }
  expect(browser.pageErrors).toEqual([]);
}

/** Signs in from the checkout's button, keeping the cart across the round trip. */
async function signIn(page: Page, url: string, shot: (step: string) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Sign in to check out' }).click();
  await signInAtProvider(page, new URL(url).origin, CUSTOMER, shot);
  await shot('signed-in');
}

/** The orders API as the signed-in page calls it, with the page's own access token. */
async function ordersOf(page: Page, url: string): Promise<Order[]> {
  const token = await page.evaluate("JSON.parse(sessionStorage.getItem('storefront.session')).accessToken");
  const res = await fetch(`${url}/v1/orders`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Order[] }).items;
}

suite('checkout', () => {
  it('(a) adds to the cart, signs in at the provider, checks out: the order is confirmed and the stock goes down', async () => {
    await shop?.stock('BUY-1', 5);
    await asCustomer('checkout-confirmed', 'BUY-1', async (page, shot, url) => {
      await shot('products');
      const add = rowOf(page, 'BUY-1').getByRole('button', { name: 'Add to cart BUY-1' });
      await add.click();
      await add.click();
      await shot('cart');
      await signIn(page, url, shot);
      // The cart came back from the provider's round trip.
      await expect(page.getByLabel('Quantity of BUY-1').inputValue()).resolves.toBe('2');
      await page.getByLabel('Test payment outcome').selectOption('test_approve');
      await page.getByRole('button', { name: 'Place order' }).click();
      const status = page.locator('.order [role="status"]');
      await status.waitFor();
      await shot('placed');
      await status.filter({ hasText: 'Confirmed: thank you for your order' }).waitFor({ timeout: 30_000 });
      await shot('confirmed');
      // Confirmed: the two are sold, and the list shows it within a refresh.
      await rowOf(page, 'BUY-1').locator('.stock', { hasText: '3 available' }).waitFor({ timeout: 6000 });
      expect(await shop?.skuOf('BUY-1')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
      await page.getByText('Your cart is empty.').waitFor();
      await shot('stock-down');
      const history = page.locator('.history tbody tr', { hasText: '2 × BUY-1' });
      await history.filter({ hasText: 'Confirmed' }).waitFor();
      await shot('your-orders');
      expect((await ordersOf(page, url)).find((o) => o.lines.some((l) => l.sku === 'BUY-1'))).toMatchObject({
        status: 'confirmed',
        lines: [{ sku: 'BUY-1', quantity: 2 }],
      });
    });
  }, 90_000);

  it('(b) a sold-out product cannot be ordered: not from the page, and not past it', async () => {
    await shop?.stock('GONE-1', 0);
    await shop?.stock('LAST-2', 1);
    await asCustomer('checkout-sold-out', 'GONE-1', async (page, shot, url) => {
      await expect(
        rowOf(page, 'GONE-1').getByRole('button', { name: 'Sold out GONE-1' }).isDisabled(),
      ).resolves.toBe(true);
      await rowOf(page, 'LAST-2').getByRole('button', { name: 'Add to cart LAST-2' }).click();
      await signIn(page, url, shot);
      await shop?.stock('LAST-2', 0); // someone else bought the last one
      await cartLineOf(page, 'LAST-2')
        .getByText('Sold out now: remove it to check out.')
        .waitFor({ timeout: 6000 });
      await expect(page.getByRole('button', { name: 'Place order' }).isDisabled()).resolves.toBe(true);
      await shot('place-order-held');
      expect((await ordersOf(page, url)).filter((o) => o.lines.some((l) => l.sku === 'LAST-2'))).toEqual([]);

      // Past the page, straight to the API with the customer's token: orders never confirms it.
      const token = await page.evaluate(
        "JSON.parse(sessionStorage.getItem('storefront.session')).accessToken",
      );
      const posted = await fetch(`${url}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({ lines: [{ sku: 'GONE-1', quantity: 1 }], paymentMethod: 'test_approve' }),
      });
      if (posted.status === 201) {
        const { id } = (await posted.json()) as Order;
        const final = await eventually(async () => {
          const res = await fetch(`${url}/v1/orders/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const order = (await res.json()) as Order;
          return order.status === 'confirmed' || order.status === 'cancelled' ? order : undefined;
        }, 30_000);
        expect(final).toMatchObject({ status: 'cancelled', reason: 'insufficient_stock' });
      } else {
        expect(posted.status).toBeGreaterThanOrEqual(400);
        expect(posted.status).toBeLessThan(500);
      }
      expect(await shop?.skuOf('GONE-1')).toMatchObject({ onHand: 0, reserved: 0 });
    });
  }, 90_000);

  it('(c) a declined payment releases the stock and says so', async () => {
    await shop?.stock('DECL-1', 4);
    await asCustomer('checkout-declined', 'DECL-1', async (page, shot, url) => {
      await rowOf(page, 'DECL-1').getByRole('button', { name: 'Add to cart DECL-1' }).click();
      await signIn(page, url, shot);
      await page.getByLabel('Test payment outcome').selectOption('test_decline');
      await shot('declined-chosen');
      await page.getByRole('button', { name: 'Place order' }).click();
      const status = page.locator('.order [role="status"]');
      await status.waitFor();
      await shot('placed');
      await status
        .filter({ hasText: 'Payment declined: your items were released' })
        .waitFor({ timeout: 30_000 });
      await shot('declined');
      // Released: nothing reserved, all four available again, and the list says so within a refresh.
      expect(await shop?.skuOf('DECL-1')).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
      await rowOf(page, 'DECL-1').locator('.stock', { hasText: '4 available' }).waitFor({ timeout: 6000 });
      // The cart keeps the product: another payment method is one click away.
      await expect(page.getByLabel('Quantity of DECL-1').inputValue()).resolves.toBe('1');
      await shot('stock-released');
      const history = page.locator('.history tbody tr', { hasText: '1 × DECL-1' });
      await history.filter({ hasText: 'Payment declined' }).waitFor();
    });
  }, 90_000);
});
