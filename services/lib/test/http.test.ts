import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Logger } from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { createHttpApp, HttpError } from '../src/http.js';
import { createLogger, currentCorrelationId } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';

const lines: Record<string, unknown>[] = [];
const logger: Logger = createLogger({
  name: 'test',
  level: 'debug',
  destination: { write: (line: string) => lines.push(JSON.parse(line)) },
});

let dbUp = true;
const body = z
  .object({ qty: z.number().int().positive(), nested: z.object({ a: z.string() }).strict() })
  .strict();
const app = createHttpApp({
  logger,
  metrics: new Metrics({ defaultMetrics: false }),
  bodyLimit: 1024,
  auth: false,
  readiness: {
    database: async () => {
      if (!dbUp) throw new Error('connect ECONNREFUSED postgres://app:s3cret@db.internal:5432/app');
    },
    queue: async () => undefined,
  },
  routes: (r) => {
    r.post('/things', (req, res) => {
      const parsed = body.parse(req.body);
      logger.info('creating');
      res.status(201).json({ ...parsed, correlationId: currentCorrelationId() });
    });
    r.post('/empty', (_req, res) => {
      res.json({ ok: true });
    });
    r.get('/teapot', () => {
      throw new HttpError(418, 'teapot', 'short and stout', 'spout');
    });
    r.get('/v1/skus/:sku', (req, res) => {
      res.json({ sku: req.params.sku });
    });
    r.get('/framework-405', () => {
      throw Object.assign(new Error('method not allowed by some middleware'), { status: 405, expose: true });
    });
    r.get('/boom', async () => {
      throw new Error('secret internals');
    });
  },
});

// Raw bodies (compressed bytes) go over a real socket: supertest re-encodes a Buffer sent as JSON.
let server: Server;
let base: string;
beforeAll(async () => {
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('createHttpApp', () => {
  it('passes a valid body, carries the correlation id into handlers, logs and the response header', async () => {
    const res = await request(app)
      .post('/things')
      .set('x-correlation-id', 'abc-123')
      .send({ qty: 2, nested: { a: 'x' } });
    expect(res.status).toBe(201);
    expect(res.headers['x-correlation-id']).toBe('abc-123');
    expect(res.body.correlationId).toBe('abc-123');
    expect(lines.find((l) => l.msg === 'creating')?.correlationId).toBe('abc-123');
  });

  it('generates a correlation id when absent or malformed', async () => {
    const res = await request(app).get('/health').set('x-correlation-id', 'bad id with spaces');
    expect(res.status).toBe(200);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['unknown field', { qty: 1, nested: { a: 'x' }, extra: 1 }, 'extra'],
    ['nested unknown field', { qty: 1, nested: { a: 'x', b: 2 } }, 'nested.b'],
    ['wrong type', { qty: '1', nested: { a: 'x' } }, 'qty'],
    ['missing field', { qty: 1 }, 'nested'],
    ['nested wrong type', { qty: 1, nested: { a: 3 } }, 'nested.a'],
  ])('answers 400 naming the field for a %s', async (_name, payload, field) => {
    const res = await request(app).post('/things').send(payload);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it('answers 400 for invalid JSON, 413 for an oversized body, 415 for a non-JSON body', async () => {
    const invalid = await request(app)
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"qty":');
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'invalid_json']);
    const big = await request(app)
      .post('/things')
      .send({ qty: 1, nested: { a: 'x'.repeat(2000) } });
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
    const text = await request(app).post('/things').set('content-type', 'text/plain').send('qty=1');
    expect([text.status, text.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const bare = await request(app).post('/empty');
    expect(bare.status).toBe(200);
  });

  it('renders HttpError, hides internals of other errors, and 404s unknown routes', async () => {
    const teapot = await request(app).get('/teapot');
    expect(teapot.status).toBe(418);
    expect(teapot.body).toEqual({ error: { code: 'teapot', message: 'short and stout', field: 'spout' } });
    const boom = await request(app).get('/boom');
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toContain('secret');
    const missing = await request(app).get('/nope');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });

  it('reports readiness per check', async () => {
    const ok = await request(app).get('/ready');
    expect(ok.status).toBe(200);
    dbUp = false;
    const down = await request(app).get('/ready');
    expect(down.status).toBe(503);
    // The reason (which may name hosts, users, secrets) is logged; the caller gets a short code.
    expect(down.body.checks).toEqual({ database: { ok: false, error: 'unavailable' }, queue: { ok: true } });
    expect(JSON.stringify(down.body)).not.toMatch(/s3cret|ECONNREFUSED|db\.internal/);
    const logged = lines.find((l) => l.msg === 'readiness check failed' && l.check === 'database');
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
    dbUp = true;
  });

  describe('answers a hostile client with 4xx, never 500', () => {
    const errorLines = () => lines.filter((l) => l.level === 50).length;

    it.each(['/v1/skus/%E0%A4%A', '/v1/skus/%', '/v1/skus/A%2'])(
      'a path with malformed percent-encoding (%s) is 400 naming the path',
      async (path) => {
        const before = errorLines();
        const res = await request(app).get(path);
        expect([res.status, res.body.error.code, res.body.error.field]).toEqual([
          400,
          'invalid_request',
          'path',
        ]);
        expect(errorLines()).toBe(before);
      },
    );

    it.each([
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const)('a %s body: decoded when valid, 400 when it is not', async (encoding, compress) => {
      const json = Buffer.from(JSON.stringify({ qty: 1, nested: { a: 'x' } }));
      const post = (body: Buffer) =>
        fetch(`${base}/things`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body: new Uint8Array(body),
        });
      expect((await post(compress(json))).status).toBe(201);
      const before = errorLines();
      const bad = await post(json);
      expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([
        400,
        'invalid_body',
      ]);
      expect(errorLines()).toBe(before);
    });

    it('an unknown Content-Encoding is 415', async () => {
      const res = await request(app)
        .post('/things')
        .set('content-type', 'application/json')
        .set('content-encoding', 'compress')
        .send('{}');
      expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
    });

    it('any error that carries a 4xx status keeps it, with a generic message', async () => {
      const res = await request(app).get('/framework-405');
      expect(res.status).toBe(405);
      expect(res.body.error).toEqual({ code: 'method_not_allowed', message: 'Method Not Allowed' });
    });
  });

  it('exposes a latency histogram labelled by route pattern', async () => {
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/things",status="201"\} [1-9]/,
    );
  });
});
