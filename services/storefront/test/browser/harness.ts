// (tests only) The storefront in a real browser against `npm start`'s stack: Debian's Chromium driven by
// playwright-core, a stack started in this process (scripts/stack/start.ts, free ports, a fresh data
// folder), the products it sells, sign-in at the stack's identity provider, and a screenshot of each step
// in .data/screenshots/<test>/NN-step.png (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Stack, stackOptionsFromEnv, startStack } from '../../../../scripts/stack/start.js';
import { eventually, repoRoot } from '../../../lib/test-support/processes.js';

/** Debian's package (`apt-get install chromium`, as .ci/run does); downloads from elsewhere fail here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined. Under CI=true the caller fails instead of skipping. */
export function chromiumUnavailable(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;
}

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab: its own sessionStorage (cart, session), the profile's cookies (the provider's session). */
  page(): Promise<Page>;
  /** Uncaught errors of any page: a page that throws is a failure even when it looks fine. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Chromium on a fresh profile, closed and removed by {@link Browser.close}. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const pageErrors: string[] = [];
  context.on('weberror', (error) => pageErrors.push(error.error().message));
  const [first] = context.pages();
  let unused: Page | undefined = first;
  return {
    context,
    pageErrors,
    page: async () => {
      const page = unused ?? (await context.newPage());
      unused = undefined;
      page.setDefaultTimeout(15_000);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** `await shot('cart')` writes .data/screenshots/<test>/NN-cart.png (the folder starts empty). */
export function screenshots(page: Page, test: string): (step: string) => Promise<void> {
  const dir = join(repoRoot, '.data', 'screenshots', test);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (step) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}

export interface TestStack {
  readonly stack: Stack;
  /** The entrypoint: the storefront and its APIs on one origin, as the dev Ingress serves them. */
  readonly url: string;
  /** Sets a SKU's stock (inventory's PUT, with the stack's dev token) and waits for its price. */
  stock(sku: string, onHand: number): Promise<{ price: number }>;
  /** Inventory's view of a SKU. */
  skuOf(sku: string): Promise<{ onHand: number; reserved: number; available: number }>;
  stop(): Promise<void>;
}

/** `npm start`'s stack on free ports and a fresh data folder; the storefront is built first if stale. */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sf-stack-'));
  const options = stackOptionsFromEnv({ LOG_LEVEL: 'error' });
  const stack = await startStack({
    ...options,
    ports: Object.fromEntries(Object.keys(options.ports).map((name) => [name, 0])),
    entrypointPort: 0,
    pglitePort: 0,
    fauxqsPort: 0,
    idpPort: 0,
    dataDir,
    tokenFile: undefined,
  });
  if (!stack.entrypoint) throw new Error('the stack has no entrypoint: no service declares x-routes');
  const url = stack.entrypoint.url.replace(/\/$/, '');
  const skuOf = async (sku: string) => {
    const res = await fetch(`${stack.url('inventory')}/v1/skus/${sku}`);
    if (!res.ok) throw new Error(`GET /v1/skus/${sku}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { onHand: number; reserved: number; available: number };
  };
  return {
    stack,
    url,
    skuOf,
    stock: async (sku, onHand) => {
      const before = await fetch(`${stack.url('inventory')}/v1/skus/${sku}`);
      const seq = before.ok ? ((await before.json()) as { seq: number }).seq : 0;
      const res = await fetch(`${stack.url('inventory')}/v1/skus/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
        body: JSON.stringify({ onHand }),
      });
      if (!res.ok) throw new Error(`PUT /v1/skus/${sku}/stock: ${res.status} ${await res.text()}`);
      // The price of this very change: pricing has applied the event with the new seq.
      return eventually(async () => {
        const price = await fetch(`${stack.url('pricing')}/v1/prices/${sku}`);
        const body = price.ok ? ((await price.json()) as { seq: number; price: number }) : undefined;
        return body && body.seq > seq ? { price: body.price } : undefined;
      }, 20_000);
    },
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `1350` → `$13.50`, as the page shows cents. */
export const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

/** The products table's row of a SKU. */
export const rowOf = (page: Page, sku: string) => page.locator(`tr[data-sku="${sku}"]`);
/** The cart's line of a SKU. */
export const cartLineOf = (page: Page, sku: string) => page.locator(`li.cart-line[data-sku="${sku}"]`);

/**
 * From the page's sign-in (the button was just pressed: the page leaves for the provider) to the page
 * again, signed in as `name`: the provider's login form takes any name (oidc-provider's dev interactions),
 * and a consent step, when it asks for one, is confirmed. A provider that still knows the browser sends it
 * straight back. Each page of the provider is photographed.
 */
export async function signInAtProvider(
  page: Page,
  origin: string,
  name: string,
  shot: (step: string) => Promise<void>,
): Promise<void> {
  const signedIn = page.getByText(`Signed in as ${name}`);
  for (let step = 0; step < 40; step++) {
    await page.waitForLoadState('load');
    if (new URL(page.url()).origin === origin) {
      if (await signedIn.isVisible()) return;
      // Still leaving for the provider, or back and completing the sign-in.
      await page.waitForTimeout(250);
      continue;
    }
    const login = page.locator('input[name="login"]');
    if ((await login.count()) > 0) {
      await login.fill(name);
      const password = page.locator('input[name="password"]');
      if ((await password.count()) > 0) await password.fill('any password');
    }
    await shot(`provider-${step + 1}`);
    const leaving = page.url();
    const submit = page.locator('button[type="submit"], input[type="submit"]').first();
    if ((await submit.count()) === 0)
      throw new Error(
        `the provider shows no form at ${leaving}: ${((await page.locator('body').textContent()) ?? '').trim()}`,
      );
    await submit.click();
    await page.waitForURL((url) => url.href !== leaving);
  }
  await signedIn.waitFor();
}
