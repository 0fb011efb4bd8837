// storefront, started as main.ts starts it, over real HTTP: /health, /ready, /metrics, the built front end
// (npm run build, as npm start runs it) with its headers, and /config.json, the page's sign-in settings.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildServiceIfStale } from '../../../scripts/lib/service-build.js';
import { loadCatalogue } from '../../lib/catalogue/catalogue.js';
import { createDevIssuer } from '../../lib/src/dev-auth.js';
import { createLogger } from '../../lib/src/logger.js';
import { loadStorefrontConfig } from '../src/config.js';
import { type RunningStorefront, startStorefront } from '../src/service.js';

const ISSUER = 'http://127.0.0.1:9400';
let service: RunningStorefront;
let unconfigured: RunningStorefront;
const url = (path: string) => `${service.url}${path}`;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;

beforeAll(async () => {
  const catalogue = loadCatalogue();
  await buildServiceIfStale(catalogue.get('storefront'), catalogue.root);
  const issuer = await createDevIssuer({ issuer: ISSUER, audience: 'https://shop.example' });
  const logger = createLogger({ name: 'storefront', level: 'silent' });
  const base = { PORT: '0', HOST: '127.0.0.1' };
  service = await startStorefront(loadStorefrontConfig({ ...base, ...issuer.env }), { logger });
  unconfigured = await startStorefront(loadStorefrontConfig(base), { logger });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await unconfigured?.stop();
});

describe('storefront over HTTP', () => {
  it('answers /health, and /ready', async () => {
    const health = await fetch(url('/health'));
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(url('/ready'));
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: {} }]);
  });

  it('counts its requests on /metrics', async () => {
    await fetch(url('/health'));
    const metrics = await fetch(url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /^http_request_duration_seconds_count\{service="storefront",method="GET",route="\/health",status="200"\} [1-9]/m,
    );
  });

  it('serves the built page at /, checked each time, with a policy that admits only itself and the issuer', async () => {
    const page = await fetch(url('/'));
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${ISSUER};`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<title>Shop</title>');
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(url(script ?? ''));
    expect([asset.status, asset.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    // Named by its content's hash: cached for good.
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(url('/nothing-here'));
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found']);
  });

  it('tells the page where to sign in: its AUTH_ISSUER and AUTH_AUDIENCE, the client and the scopes', async () => {
    const config = await fetch(url('/config.json'));
    expect([config.status, config.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(await config.json()).toEqual({
      issuer: ISSUER,
      clientId: 'storefront',
      audience: 'https://shop.example',
      scope: 'openid orders:read orders:write',
    });
  });

  it('without AUTH_*, /config.json says sign-in is not configured (503), and the page still loads', async () => {
    const config = await fetch(`${unconfigured.url}/config.json`);
    expect(config.status).toBe(503);
    expect(await errorOf(config)).toMatchObject({ code: 'auth_not_configured' });
    const page = await fetch(`${unconfigured.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });
});
