// src/service.ts: start<Name>(config, deps?) → {url, port, logger, metrics, stop, ...}, wired from
// services/lib as inventory's and pricing's are: openDatabase, createSqsClient, Consumer, listen.
import { comment, type Identifiers, lines, queueOf, type ServiceSpec } from './spec.js';

export function serviceTs(spec: ServiceSpec, { name, pascal, schema }: Identifiers): string {
  const queue = queueOf(spec) !== undefined;
  const worker = spec.kind === 'queue-worker';
  const itemStore = spec.kind === 'http-api' && spec.database;
  const what = [
    spec.database && 'its database (migrations)',
    spec.sends && `its client of ${spec.sends}`,
    worker && `its consumer of ${spec.receives}`,
    'its HTTP API',
  ].filter(Boolean);
  return `${lines(
    comment(
      `Starts ${name} in this process: ${what.join(', ')}. main.ts runs it as its own process (so does \`npm start\`); the tests start it in theirs.${worker ? ' `stop()` drains the consumer first, then closes the server.' : ''}`,
    ),
    queue && "import type { SQSClient } from '@aws-sdk/client-sqs';",
    spec.database && "import type pg from 'pg';",
    "import { serviceAuth } from '../../lib/src/auth.js';",
    worker && "import { Consumer } from '../../lib/src/consumer.js';",
    spec.database && "import { openDatabase } from '../../lib/src/database-setup.js';",
    "import { listen } from '../../lib/src/http-server.js';",
    "import { createLogger, type Logger } from '../../lib/src/logger.js';",
    "import { Metrics } from '../../lib/src/metrics.js';",
    queue && "import { createSqsClient } from '../../lib/src/sqs.js';",
    "import { createApp } from './app.js';",
    `import type { ${pascal}Config } from './config.js';`,
    worker && "import { recordMessages } from './handler.js';",
    worker && "import { MessageStore } from './store.js';",
    itemStore && "import { ItemStore } from './store.js';",
  )}

/** A running ${name} service, from {@link start${pascal}}. */
export interface Running${pascal} {
  /** \`http://<host>:<port>\` as reachable from this machine. */
  url: string;
  port: number;
${lines(
  spec.database && '  pool: pg.Pool;',
  queue && '  sqs: SQSClient;',
  worker && '  consumer: Consumer;',
  '  metrics: Metrics;',
  '  logger: Logger;',
  `  /** Graceful stop, bounded by SHUTDOWN_TIMEOUT_MS${worker ? ': stop consuming and drain, then the server' : ': the requests in flight finish'}. Idempotent. */`,
  '  stop: () => Promise<void>;',
)}
}

/** Optional collaborators, for tests. */
export interface ${pascal}Deps {
  /** @defaultValue a pino logger at \`config.logLevel\` named \`${name}\` */
  logger?: Logger;
}

export async function start${pascal}(config: ${pascal}Config, deps: ${pascal}Deps = {}): Promise<Running${pascal}> {
${lines(
  `  const logger = deps.logger ?? createLogger({ name: '${name}', level: config.logLevel });`,
  spec.database &&
    '  // An unreachable database does not fail the start: the service listens and says why it is not ready.',
  spec.database &&
    `  const { pool, setup } = await openDatabase(config, { name: '${name}', schema: '${schema}', region: config.region, logger });`,
  queue && '  const sqs = createSqsClient({ region: config.region, endpoint: config.sqsEndpoint });',
  `  const metrics = new Metrics({ defaultLabels: { service: '${name}' } });`,
  worker && `  const store = new MessageStore(${spec.database ? 'pool' : ''});`,
  itemStore && '  const store = new ItemStore(pool);',
  worker && '  const consumer = new Consumer({',
  worker && '    sqs,',
  worker && '    queueUrl: config.queueUrl,',
  worker && '    handler: recordMessages(store, logger),',
  worker && '    ...config.consumer,',
  worker && '    stopTimeoutMs: config.shutdownTimeoutMs,',
  worker && '  });',
  worker && "  consumer.on('error', (err) => logger.warn({ err }, 'sqs call failed'));",
  '  const app = createApp({',
  spec.database && '    pool,',
  spec.database && '    setup,',
  queue && '    sqs,',
  queue && '    queueUrl: config.queueUrl,',
  (worker || itemStore) && '    store,',
  spec.kind === 'web' && '    publicDir: config.publicDir,',
  '    logger,',
  '    metrics,',
  '    auth: serviceAuth(config, logger),',
  '  });',
  '  const http = await listen(app, { port: config.port, host: config.host, logger });',
  worker &&
    (spec.database
      ? '  // It consumes once its tables are there.\n  setup.whenDone(() => consumer.start());'
      : '  consumer.start();'),
)}

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
${lines(
  !worker && '      await http.close(config.shutdownTimeoutMs);',
  spec.database && '      setup.stop();',
  spec.database && '      await setup.finished;',
  worker && '      const { drained } = await consumer.stop();',
  worker && '      // The drain took the shutdown bound: requests still open are cut at once.',
  worker && '      await http.close(0);',
  spec.database && '      await pool.end();',
  queue && '      sqs.destroy();',
  worker ? `      logger.info({ drained }, '${name} stopped');` : `      logger.info('${name} stopped');`,
)}
    })();
    return stopping;
  };
  return { url: http.url, port: http.port, ${lines(
    spec.database && 'pool, ',
    queue && 'sqs, ',
    worker && 'consumer, ',
  ).replaceAll('\n', '')}metrics, logger, stop };
}
`;
}
