import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '../src/config.js';
import { buildStockChanged, InvalidEventError, parseStockChanged } from '../src/events.js';
import { Metrics } from '../src/metrics.js';

describe('loadConfig', () => {
  const schema = z.object({
    PORT: env.port(8080),
    DATABASE_URL: env.databaseUrl(),
    SQS_ENDPOINT: env.httpUrl().optional(),
    LOG_LEVEL: env.logLevel(),
  });

  it('applies defaults and treats empty strings as unset', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://h/db', PORT: '' })).toEqual({
      PORT: 8080,
      DATABASE_URL: 'postgres://h/db',
      LOG_LEVEL: 'info',
    });
  });

  it('lists every bad or missing variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', SQS_ENDPOINT: 'ftp://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SQS_ENDPOINT']);
    expect((error as ConfigError).problems).toContain('DATABASE_URL: is required');
  });
});

describe('stock_changed events', () => {
  const data = { sku: 'SKU-1', onHand: 10, reserved: 3, available: 7, delta: -2, reason: 'damaged', seq: 4 };

  it('builds a CloudEvent that parses back unchanged', () => {
    const event = buildStockChanged({ data, source: '/inventory', id: 'e-1', correlationId: 'c-1' });
    expect(event).toMatchObject({
      specversion: '1.0',
      id: 'e-1',
      type: 'inventory.stock_changed.v1',
      subject: 'SKU-1',
      datacontenttype: 'application/json',
      correlationid: 'c-1',
      data,
    });
    expect(parseStockChanged(JSON.stringify(event))).toEqual(event);
  });

  const valid = buildStockChanged({ data, source: '/inventory' });
  it.each([
    ['not JSON', '{'],
    ['another type', JSON.stringify({ ...valid, type: 'other.v1' })],
    ['missing id', JSON.stringify({ ...valid, id: undefined })],
    ['negative seq', JSON.stringify({ ...valid, data: { ...data, seq: -1 } })],
    ['inconsistent available', JSON.stringify({ ...valid, data: { ...data, available: 9 } })],
    ['extra data field', JSON.stringify({ ...valid, data: { ...data, price: 1 } })],
    ['subject differs from sku', JSON.stringify({ ...valid, subject: 'OTHER' })],
    ['an array', '[]'],
  ])('rejects %s with InvalidEventError', (_name, body) => {
    expect(() => parseStockChanged(body)).toThrow(InvalidEventError);
  });
});

describe('Metrics', () => {
  it('keeps registries apart and is get-or-create by name', async () => {
    const a = new Metrics({ defaultMetrics: false });
    const b = new Metrics({ defaultMetrics: false });
    a.counter({ name: 'events_total', help: 'h' }).inc();
    a.counter({ name: 'events_total', help: 'h' }).inc();
    b.counter({ name: 'events_total', help: 'h' }).inc();
    expect(await a.text()).toContain('events_total 2');
    expect(await b.text()).toContain('events_total 1');
  });
});
