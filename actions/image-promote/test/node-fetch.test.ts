// nodeFetch against loopback servers: the fetch behaviour the registry client relies on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type LoopbackServer, listenOnLoopback } from '../../test/helpers/loopback-server.js';
import { nodeFetch } from '../src/node-fetch.js';

interface Seen {
  server: string;
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}
const seen: Seen[] = [];
let a: LoopbackServer;
let b: LoopbackServer;

function handler(server: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({
        server,
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/same') return void res.writeHead(307, { location: '/final' }).end();
      if (url.pathname === '/other') return void res.writeHead(302, { location: `${b.url}/final` }).end();
      if (url.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (url.pathname === '/hang') return void res.writeHead(200).write('partial');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(200, { 'content-type': 'application/json', 'docker-content-digest': 'sha256:x' });
      res.end(JSON.stringify({ server, path: url.pathname }));
    });
  };
}

beforeAll(async () => {
  a = await listenOnLoopback(createServer(handler('a')));
  b = await listenOnLoopback(createServer(handler('b')));
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});
beforeEach(() => {
  seen.length = 0;
});

describe('nodeFetch', () => {
  it('answers status, case-insensitive headers and a body read once', async () => {
    const response = await nodeFetch(`${a.url}/x`, { headers: { authorization: 'Bearer t' } });
    expect([response.status, response.ok]).toEqual([200, true]);
    expect(response.headers.get('Docker-Content-Digest')).toBe('sha256:x');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.get('absent')).toBeNull();
    expect(await response.json()).toEqual({ server: 'a', path: '/x' });
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('sends a body with the method and headers given', async () => {
    const response = await nodeFetch(`${a.url}/put`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('bytes'),
    });
    await response.body?.cancel();
    expect(seen).toMatchObject([{ method: 'PUT', url: '/put', body: 'bytes' }]);
  });

  it('follows a GET redirect, keeping Authorization on the same origin only', async () => {
    const same = await nodeFetch(`${a.url}/same`, { headers: { authorization: 'Bearer t' } });
    expect(await same.json()).toEqual({ server: 'a', path: '/final' });
    expect(same.redirected).toBe(true);
    const other = await nodeFetch(`${a.url}/other`, { headers: { authorization: 'Bearer t' } });
    expect(await other.json()).toEqual({ server: 'b', path: '/final' });
    expect(seen.map((s) => [s.server, s.url, s.authorization])).toEqual([
      ['a', '/same', 'Bearer t'],
      ['a', '/final', 'Bearer t'],
      ['a', '/other', 'Bearer t'],
      ['b', '/final', undefined],
    ]);
  });

  it("answers a redirect as is with redirect: 'manual', and never re-sends a body", async () => {
    const manual = await nodeFetch(`${a.url}/same`, { method: 'PUT', body: 'x', redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([307, '/final']);
    await expect(nodeFetch(`${a.url}/same`, { method: 'PUT', body: 'x' })).rejects.toThrow(TypeError);
    expect(seen.filter((s) => s.url === '/final')).toEqual([]);
  });

  it('gives up after 5 redirects', async () => {
    await expect(nodeFetch(`${a.url}/loop`)).rejects.toThrow('fetch failed');
    expect(seen).toHaveLength(6);
  });

  it('rejects on a refused connection with a TypeError, as fetch does', async () => {
    const closed = await listenOnLoopback(createServer());
    await closed.close();
    await expect(nodeFetch(`${closed.url}/`)).rejects.toThrow(TypeError);
  });

  it('aborts a request, and a body being read, when the signal fires', async () => {
    const controller = new AbortController();
    const response = await nodeFetch(`${a.url}/hang`, { signal: controller.signal });
    const reading = response.text();
    controller.abort(new Error('deadline'));
    await expect(reading).rejects.toThrow('deadline');
    await expect(nodeFetch(`${a.url}/x`, { signal: controller.signal })).rejects.toThrow('deadline');
  });
});
