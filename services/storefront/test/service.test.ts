// storefront, started as main.ts starts it, over real HTTP: /health, /ready, /metrics and its example API.
// Written by `npm run new:service` (scripts/service/template): grow it with the service.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../lib/src/logger.js';
import { loadStorefrontConfig } from '../src/config.js';
import { type RunningStorefront, startStorefront } from '../src/service.js';

let service: RunningStorefront;
const url = (path: string) => `${service.url}${path}`;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; field?: string } }).error;

beforeAll(async () => {
  service = await startStorefront(
    loadStorefrontConfig({
      PORT: '0',
      HOST: '127.0.0.1',
    }),
    { logger: createLogger({ name: 'storefront', level: 'silent' }) },
  );
});

afterAll(async () => {
  await service?.stop();
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

  it('serves its front end at /, and the common 404 elsewhere', async () => {
    const page = await fetch(url('/'));
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<title>storefront</title>');
    const missing = await fetch(url('/nothing-here'));
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found']);
  });
});
