// npm start's entrypoint, over real HTTP: two small upstream servers stand for services, and the entrypoint
// routes between them as the dev Ingress would (longest prefix first, whole path segments), passing the
// request through (method, query, body, headers) and answering in the platform's error shape when nothing
// matches or the service does not answer.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { freePort } from '../../../services/lib/test-support/processes.js';
import {
  type EntrypointRoute,
  entrypointRoutes,
  matchesPrefix,
  type RunningEntrypoint,
  startEntrypoint,
} from '../entrypoint.js';

/** An upstream that answers with what it received, as JSON. */
function echo(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': name });
      res.end(JSON.stringify({ name, method: req.method, url: req.url, body, headers: req.headers }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let api: { server: Server; url: string };
let web: { server: Server; url: string };
let entrypoint: RunningEntrypoint;
let apisOnly: RunningEntrypoint;
let down: RunningEntrypoint;

beforeAll(async () => {
  [api, web] = await Promise.all([echo('api'), echo('web')]);
  const routes: EntrypointRoute[] = [
    { path: '/v1/prices', service: 'pricing', target: api.url },
    { path: '/', service: 'storefront', target: web.url },
  ];
  entrypoint = await startEntrypoint({ routes, port: 0 });
  apisOnly = await startEntrypoint({ routes: routes.slice(0, 1), port: 0 });
  const nobody = `http://127.0.0.1:${await freePort()}`;
  down = await startEntrypoint({ routes: [{ path: '/', service: 'storefront', target: nobody }], port: 0 });
});

afterAll(async () => {
  await Promise.all([entrypoint?.stop(), apisOnly?.stop(), down?.stop()]);
  api?.server.close();
  web?.server.close();
});

const upstreamOf = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, ...((await res.json()) as { name: string; url: string }) };
};

describe('the entrypoint', () => {
  it("routes the declarations' prefixes as the dev Ingress does: longest first, / last", () => {
    const routes = entrypointRoutes(loadCatalogue(), (service) => `http://${service}.local`);
    const paths = routes.map((r) => `${r.path} ${r.service}`);
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/prices pricing', '/v1/skus inventory', '/ storefront']),
    );
    expect(paths.at(-1)).toBe('/ storefront');
    const lengths = routes.map((r) => r.path.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    expect(routes.find((r) => r.service === 'pricing')?.target).toBe('http://pricing.local');
  });

  it('matches whole path segments, as pathType Prefix', () => {
    expect(
      ['/v1/prices', '/v1/prices/A-1', '/v1/pricesX', '/v1/price', '/'].map((p) =>
        matchesPrefix('/v1/prices', p),
      ),
    ).toEqual([true, true, false, false, false]);
    expect(matchesPrefix('/', '/anything/at/all')).toBe(true);
  });

  it('sends each request to its route, query included; a near miss of a prefix falls to /', async () => {
    expect(await upstreamOf(`${entrypoint.url}v1/prices/A-1?x=1`)).toMatchObject({
      status: 201,
      name: 'api',
      url: '/v1/prices/A-1?x=1',
    });
    expect(await upstreamOf(`${entrypoint.url}v1/pricesX`)).toMatchObject({
      name: 'web',
      url: '/v1/pricesX',
    });
    expect(await upstreamOf(entrypoint.url)).toMatchObject({ name: 'web', url: '/' });
  });

  it('passes the method, body and headers through, and says who forwarded it', async () => {
    const res = await fetch(`${entrypoint.url}v1/prices/A-1/policy`, {
      method: 'PUT',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: '{"basePrice":1}',
    });
    expect(res.headers.get('x-upstream')).toBe('api');
    const seen = (await res.json()) as { method: string; body: string; headers: Record<string, string> };
    expect([seen.method, seen.body]).toEqual(['PUT', '{"basePrice":1}']);
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer abc',
      'idempotency-key': 'k-1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      host: `127.0.0.1:${entrypoint.port}`,
    });
  });

  it("answers 404 in the platform's shape when no prefix matches", async () => {
    const res = await fetch(`${apisOnly.url}v1/skus`);
    expect([res.status, await res.json()]).toEqual([
      404,
      { error: { code: 'not_found', message: 'No route for GET /v1/skus' } },
    ]);
  });

  it('answers 502 naming the service when it does not answer', async () => {
    const res = await fetch(down.url);
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('bad_gateway');
    expect(error.message).toMatch(/^storefront is not answering \(.*ECONNREFUSED.*\)$/);
  });

  it('stops: its port is free again', async () => {
    const extra = await startEntrypoint({ routes: [], port: 0 });
    await extra.stop();
    await expect(fetch(extra.url)).rejects.toThrow();
  });
});
