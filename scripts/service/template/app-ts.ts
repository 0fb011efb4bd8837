// src/app.ts: createApp(deps) on services/lib's createHttpApp, as inventory's and pricing's: /health,
// /ready (one check per dependency), /metrics, correlation ids, errors, bearer-token auth; routes.ts.
import { routesTakeDeps } from './routes-ts.js';
import { comment, type Identifiers, lines, queueOf, type ServiceSpec } from './spec.js';

export function appTs(spec: ServiceSpec, { name, camel }: Identifiers): string {
  const queue = queueOf(spec);
  const store =
    spec.kind === 'queue-worker'
      ? 'MessageStore'
      : spec.kind === 'http-api' && spec.database
        ? 'ItemStore'
        : '';
  const readiness = [spec.database && 'database', queue && 'queue'].filter(Boolean);
  return `${lines(
    comment(
      `The HTTP API of ${name} on the services' common plumbing (services/lib/src/http.ts): /health, /ready${readiness.length ? ` (${readiness.join(' and ')} reachable)` : ''}, /metrics, correlation ids, the error shape, bearer tokens for writes; its own routes in routes.ts.`,
    ),
    queue && "import type { SQSClient } from '@aws-sdk/client-sqs';",
    "import type { Express } from 'express';",
    spec.database && "import type pg from 'pg';",
    "import type { ServiceAuth } from '../../lib/src/auth.js';",
    spec.database && "import type { DatabaseSetup } from '../../lib/src/database-setup.js';",
    spec.database && "import { checkDatabase } from '../../lib/src/db.js';",
    "import { createHttpApp } from '../../lib/src/http.js';",
    "import type { Logger } from '../../lib/src/logger.js';",
    "import { Metrics } from '../../lib/src/metrics.js';",
    queue && "import { checkQueue } from '../../lib/src/sqs.js';",
    `import { ${camel}Routes } from './routes.js';`,
    store && `import type { ${store} } from './store.js';`,
  )}

/** Dependencies of {@link createApp}. */
export interface AppDeps {
${lines(
  spec.database && '  pool: pg.Pool;',
  spec.database &&
    "  /** The start's database setup: routes answer 503 and `/ready` fails until the migrations ran. */",
  spec.database && "  setup: Pick<DatabaseSetup, 'check' | 'guard'>;",
  queue && '  sqs: SQSClient;',
  queue &&
    `  /** The queue ${spec.sends ? 'it sends to' : 'it consumes'} (${queue}), probed by \`/ready\`. */`,
  queue && '  queueUrl: string;',
  store && `  store: ${store};`,
  spec.kind === 'web' && '  /** The folder of the built front end. */',
  spec.kind === 'web' && '  publicDir: string;',
  '  logger: Logger;',
  `  /** Bearer-token checks of the API (writes need \`${name}:write\`); no verifier: writes are refused. */`,
  '  auth: ServiceAuth;',
  '  /** @defaultValue a fresh registry with Node process metrics */',
  '  metrics?: Metrics;',
)}
}

export function createApp(deps: AppDeps): Express {
  return createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics ?? new Metrics({ defaultLabels: { service: '${name}' } }),
    readiness: {
${lines(
  spec.database && '      database: async () => {',
  spec.database && '        deps.setup.check();',
  spec.database && '        await checkDatabase(deps.pool);',
  spec.database && '      },',
  queue && '      queue: () => checkQueue(deps.sqs, deps.queueUrl),',
)}
    },
${lines(
  spec.database && '    beforeRoutes: deps.setup.guard,',
  `    auth: { service: '${name}', ...deps.auth },`,
  `    routes: ${camel}Routes(${routesTakeDeps(spec) ? 'deps' : ''}),`,
)}
  });
}
`;
}
