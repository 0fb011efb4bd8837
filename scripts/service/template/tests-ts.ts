// The new service's first tests: test/service.test.ts starts it as main.ts does and asks over real HTTP
// (/health, /ready against its real dependencies: a test database, fauxqs), then its example API; with a
// database, test/migrations.test.ts runs its migrations on the real PostgreSQL (skipped loudly without it,
// failing under CI=true, as services/lib/test-support/database.ts requirePostgres does for every suite).
import { comment, type Identifiers, lines, queueOf, type ServiceSpec } from './spec.js';

const helloTest = `
  it('says hello, and refuses a query parameter it does not know, naming it', async () => {
    const hello = await fetch(url('/v1/hello?name=you'));
    expect([hello.status, await hello.json()]).toEqual([200, { message: 'Hello, you!' }]);
    const bad = await fetch(url('/v1/hello?nmae=you'));
    expect([bad.status, (await errorOf(bad)).field]).toEqual([400, 'nmae']);
  });`;

const itemsTest = (name: string) => `
  it('keeps items: a write needs ${name}:write, a read finds it, a list pages by id', async () => {
    const body = JSON.stringify({ name: 'first' });
    const anonymous = await fetch(url('/v1/items/a-1'), { method: 'PUT', headers: jsonHeaders, body });
    expect(anonymous.status).toBe(401);
    const headers = { ...jsonHeaders, ...bearer(await issuer.sign({ scopes: ['${name}:write'] })) };
    for (const id of ['a-1', 'a-2', 'a-3']) {
      const put = await fetch(url(\`/v1/items/\${id}\`), { method: 'PUT', headers, body });
      expect([id, put.status]).toEqual([id, 201]);
    }
    const renamed = await fetch(url('/v1/items/a-1'), {
      method: 'PUT',
      headers,
      body: JSON.stringify({ name: 'renamed' }),
    });
    expect(renamed.status).toBe(200);
    expect(await (await fetch(url('/v1/items/a-1'))).json()).toMatchObject({ id: 'a-1', name: 'renamed' });
    const first = (await (await fetch(url('/v1/items?limit=2'))).json()) as Page<{ id: string }>;
    expect(first.items.map((item) => item.id)).toEqual(['a-1', 'a-2']);
    const next = (await (await fetch(url(\`/v1/items?limit=2&cursor=\${first.nextCursor}\`))).json()) as Page<{
      id: string;
    }>;
    expect([next.items.map((item) => item.id), next.nextCursor]).toEqual([['a-3'], null]);
    const missing = await fetch(url('/v1/items/none'));
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found']);
  });`;

const sendTest = (name: string, queue: string) => `
  it('sends a message to ${queue}, in its group, with the request\\'s correlation id', async () => {
    const headers = { ...jsonHeaders, ...bearer(await issuer.sign({ scopes: ['${name}:write'] })) };
    const sent = await fetch(url('/v1/messages'), {
      method: 'POST',
      headers: { ...headers, 'x-correlation-id': 'test-1' },
      body: JSON.stringify({ group: 'g-1', body: { hello: 'world' } }),
    });
    expect(sent.status).toBe(202);
    const { messageId } = (await sent.json()) as { messageId: string };
    const received = await queue.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['MessageGroupId'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(
      received.Messages?.map((m) => [
        m.MessageId,
        m.Body,
        m.Attributes?.MessageGroupId,
        m.MessageAttributes?.correlationId?.StringValue,
      ]),
    ).toEqual([[messageId, '{"hello":"world"}', 'g-1', 'test-1']]);
  });`;

const consumeTest = (queue: string) => `
  it('consumes ${queue}: each message recorded, in order within its group, and deleted from the queue', async () => {
    await sendInBatches(queue.sqs, queue.queueUrl, [
      { body: 'one', group: 'g-1', dedup: 'd-1' },
      { body: 'two', group: 'g-1', dedup: 'd-2' },
      { body: 'three', group: 'g-2', dedup: 'd-3' },
    ]);
    const listed = await eventually(async () => {
      const page = (await (await fetch(url('/v1/messages'))).json()) as Page<{ body: string; seq: number }>;
      return page.items.length === 3 ? page.items : undefined;
    }, 20_000);
    expect(listed.map((m) => m.body).sort()).toEqual(['one', 'three', 'two']);
    const seqOf = (body: string) => listed.find((m) => m.body === body)?.seq ?? Number.NaN;
    expect(seqOf('one')).toBeLessThan(seqOf('two'));
    await eventually(async () => ((await queueDepth(queue.sqs, queue.queueUrl)) === 0 ? true : undefined), 10_000);
  });`;

const webTest = (name: string) => `
  it('serves its front end at /, and the common 404 elsewhere', async () => {
    const page = await fetch(url('/'));
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<title>${name}</title>');
    const missing = await fetch(url('/nothing-here'));
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'not_found']);
  });`;

export function serviceTest(spec: ServiceSpec, { name, pascal, schema }: Identifiers): string {
  const queue = queueOf(spec);
  const worker = spec.kind === 'queue-worker';
  const items = spec.kind === 'http-api' && spec.database;
  const sends = spec.sends !== undefined;
  const hello = spec.kind === 'http-api' && !items && !sends;
  const tokens = items || sends;
  const paged = items || worker;
  const checks = [spec.database && 'database: { ok: true }', queue && 'queue: { ok: true }'].filter(Boolean);
  const dependencies = [spec.database && 'its database', queue && 'its queue'].filter(Boolean);
  return `${lines(
    comment(
      `${name}, started as main.ts starts it, over real HTTP: /health, /ready${dependencies.length ? ` (${dependencies.join(' and ')} answering)` : ''}, /metrics and its example API. Written by \`npm run new:service\` (scripts/service/template): grow it with the service.`,
    ),
    sends && "import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';",
    "import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';",
    "import { createLogger } from '../../lib/src/logger.js';",
    tokens && "import { bearer, createDevIssuer } from '../../lib/test-support/auth.js';",
    spec.database &&
      "import { createTestDatabase, type TestDatabase } from '../../lib/test-support/database.js';",
    queue &&
      `import { ${worker ? 'queueDepth, sendInBatches, ' : ''}startFauxqs, type TestQueue } from '../../lib/test-support/fauxqs.js';`,
    worker && "import { eventually } from '../../lib/test-support/processes.js';",
    `import { load${pascal}Config } from '../src/config.js';`,
    `import { type Running${pascal}, start${pascal} } from '../src/service.js';`,
  )}

${lines(
  tokens && '/** The token issuer the service trusts (AUTH_PUBLIC_KEY), for writes. */',
  tokens && 'const issuer = await createDevIssuer();',
  tokens && "const jsonHeaders = { 'content-type': 'application/json' };",
  spec.database && 'let db: TestDatabase;',
  queue && 'let queue: TestQueue;',
  `let service: Running${pascal};`,
  'const url = (path: string) => `${service.url}${path}`;',
  (hello || items || spec.kind === 'web') &&
    'const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; field?: string } }).error;',
  paged && 'type Page<T> = { items: T[]; nextCursor: string | null };',
)}

beforeAll(async () => {
${lines(
  spec.database && `  db = await createTestDatabase({ prefix: '${schema}' });`,
  queue && '  queue = await startFauxqs({ name: `test-${Date.now()}` });',
  `  service = await start${pascal}(`,
  `    load${pascal}Config({`,
  "      PORT: '0',",
  "      HOST: '127.0.0.1',",
  spec.database && '      DATABASE_URL: db.url,',
  queue && '      SQS_ENDPOINT: queue.endpoint,',
  queue && '      SQS_QUEUE_URL: queue.queueUrl,',
  worker && "      CONSUMER_WAIT_SECONDS: '1',",
  tokens && '      ...issuer.env,',
  '    }),',
  `    { logger: createLogger({ name: '${name}', level: 'silent' }) },`,
  '  );',
)}
});

afterAll(async () => {
${lines('  await service?.stop();', queue && '  await queue?.stop();', spec.database && '  await db?.cleanup();')}
});

describe('${name} over HTTP', () => {
  it('answers /health, and /ready${dependencies.length ? ` with ${dependencies.join(' and ')} reachable` : ''}', async () => {
    const health = await fetch(url('/health'));
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(url('/ready'));
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { ${checks.join(', ')} } }]);
  });

  it('counts its requests on /metrics', async () => {
    await fetch(url('/health'));
    const metrics = await fetch(url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /^http_request_duration_seconds_count\\{service="${name}",method="GET",route="\\/health",status="200"\\} [1-9]/m,
    );
  });
${lines(
  hello && helloTest,
  items && itemsTest(name),
  sends && sendTest(name, spec.sends ?? ''),
  worker && consumeTest(spec.receives ?? ''),
  spec.kind === 'web' && webTest(name),
)}
});
`;
}

export function migrationsTest(spec: ServiceSpec, { name, schema }: Identifiers): string | undefined {
  if (!spec.database) return undefined;
  const table = spec.kind === 'queue-worker' ? 'received_messages' : 'items';
  return `// The migrations of ${name} on the real PostgreSQL: they apply once, into its own schema ${schema}, and a
// second run applies nothing. Without that server the suite is skipped, loudly (CI=true fails instead).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createPool, migrate, migrationsDirBeside } from '../../lib/src/db.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../lib/test-support/database.js';

const suite = (await requirePostgres('${name} migrations')) ? describe : describe.skip;

suite('${name} migrations', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase({ prefix: '${schema}' });
    pool = createPool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.cleanup();
  });

  it('apply once into schema ${schema}, and a second run applies nothing', async () => {
    const dir = migrationsDirBeside(import.meta.url);
    expect(await migrate(pool, { schema: '${schema}', dir })).toEqual(['001_init.sql']);
    expect(await migrate(pool, { schema: '${schema}', dir })).toEqual([]);
    const { rows } = await pool.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      ['${schema}'],
    );
    expect(rows.map((row) => row.table_name)).toEqual(['${table}', 'schema_migrations']);
  });
});
`;
}
