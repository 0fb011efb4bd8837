// README.md of the new service, and a web service's first front end (public/index.html).
import { commandOf } from './score-yaml.js';
import { type Identifiers, paragraph, queueOf, type ServiceSpec } from './spec.js';

function api(spec: ServiceSpec, name: string): string[] {
  if (spec.kind === 'web')
    return ['| `GET /` and below | the built front end in `public/` (its `index.html` at `/`) |'];
  if (spec.kind === 'queue-worker')
    return [
      `| \`GET /v1/messages?limit=&cursor=\` | what it received from \`${spec.receives}\`, newest first |`,
    ];
  return [
    ...(spec.database
      ? [
          `| \`PUT /v1/items/:id\` \`{name}\` | create or rename an item (needs \`${name}:write\`): 201 or 200 |`,
          '| `GET /v1/items/:id` | the item, or 404 `not_found` |',
          '| `GET /v1/items?limit=&cursor=` | a page of items, by id |',
        ]
      : []),
    ...(spec.sends
      ? [
          `| \`POST /v1/messages\` \`{group, body}\` | send \`body\` to \`${spec.sends}\` in FIFO group \`group\` (needs \`${name}:write\`): 202 \`{messageId}\` |`,
        ]
      : []),
    ...(!spec.database && !spec.sends
      ? ['| `GET /v1/hello?name=` | `{message}`: the example to replace |']
      : []),
  ];
}

export function readme(spec: ServiceSpec, { name, schema }: Identifiers): string {
  const queue = queueOf(spec);
  const config = [
    `The variables every service reads (\`PORT\`, default ${spec.port}; \`HOST\`, \`LOG_LEVEL\`, \`SHUTDOWN_TIMEOUT_MS\`, \`AWS_REGION\`, \`AUTH_*\`: [services/lib/README.md](../lib/README.md))`,
    spec.database &&
      `its database (\`DATABASE_URL\`, \`DATABASE_CA_FILE\`, \`DB_POOL_SIZE\`, \`MIGRATIONS_DIR\`; it owns the schema \`${schema}\`, migrated from \`migrations/\` at start)`,
    queue !== undefined && `its queue \`${queue}\` (\`SQS_QUEUE_URL\`, \`SQS_ENDPOINT\`)`,
    spec.kind === 'queue-worker' &&
      'its consumer (`CONSUMER_CONCURRENCY`, `CONSUMER_BATCH_SIZE`, `CONSUMER_WAIT_SECONDS`, `CONSUMER_VISIBILITY_TIMEOUT`)',
  ].filter(Boolean);
  return `# ${name}

${paragraph(
  `${spec.kind === 'http-api' ? 'An' : 'A'} ${spec.kind} written by \`${commandOf(spec)}\` from the services' one template (\`scripts/service/template\`): the same shape as inventory and pricing (\`src/main.ts\` → \`src/config.ts\`, \`src/service.ts\`, \`src/app.ts\`, \`src/routes.ts\`), on \`services/lib\`. Declared in [\`score.yaml\`](score.yaml).`,
)}

## API

Besides \`/health\`, \`/ready\` and \`/metrics\` (every service's, from \`services/lib/src/http.ts\`); the example
routes are there to be replaced:

| method and path | what |
|---|---|
${api(spec, name).join('\n')}

Errors are \`{error: {code, message, field?}}\`; writes need a bearer token with \`${name}:write\` (see
[services/lib/README.md](../lib/README.md#authentication)).

## Configuration

${paragraph(`${config.join(', ')}.`)}

## Run and test

${paragraph(
  `\`npm start\` runs it beside the other services on port ${spec.port} (\`${name.toUpperCase().replaceAll('-', '_')}_PORT\` moves it); \`npm test -- services/${name}\` runs its tests against real servers${spec.database ? ' (PostgreSQL on 127.0.0.1:5432; without it the migration test is skipped, loudly)' : ''}.`,
)}
`;
}

export function indexHtml(spec: ServiceSpec, { name }: Identifiers): string | undefined {
  if (spec.kind !== 'web') return undefined;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${name}</title>
  </head>
  <body>
    <main>
      <h1>${name}</h1>
      <p>Served from <code>services/${name}/public/</code>: put the front end's built files here.</p>
    </main>
  </body>
</html>
`;
}
