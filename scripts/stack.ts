// `npm start`: the whole local stack in one process, on embedded defaults.
//
//   - SQS: fauxqs in-process, with the FIFO event queue, its DLQ and the redrive policy
//     (SQS_ENDPOINT [+ SQS_QUEUE_URL] switch to a real or external SQS: nothing embedded starts);
//   - PostgreSQL: PGlite served over the wire protocol by pglite-socket, data in .data/pglite
//     (DATABASE_URL switches to a real server: nothing embedded starts);
//   - migrations, then inventory and pricing listening, then a banner with the URLs.
// Ctrl-C (SIGINT) or SIGTERM stops everything in reverse order and exits 0.
//
// Environment: INVENTORY_PORT (8080), PRICING_PORT (8081), PGLITE_PORT (5433), FAUXQS_PORT (4566),
// STACK_DATA_DIR (.data/pglite), LOG_LEVEL (info), DATABASE_URL, SQS_ENDPOINT, SQS_QUEUE_URL.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadInventoryConfig } from '../services/inventory/src/config.js';
import { startInventory } from '../services/inventory/src/service.js';
import { ConfigError, env, loadConfig } from '../services/lib/src/config.js';
import { createLogger, type Logger } from '../services/lib/src/logger.js';
import { startPgliteServer } from '../services/lib/src/pglite-server.js';
import { createSqsClient, ensureQueues } from '../services/lib/src/sqs.js';
import { loadPricingConfig } from '../services/pricing/src/config.js';
import { startPricing } from '../services/pricing/src/service.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const schema = z.object({
  INVENTORY_PORT: env.port(8080),
  PRICING_PORT: env.port(8081),
  PGLITE_PORT: env.port(5433),
  FAUXQS_PORT: env.port(4566),
  STACK_DATA_DIR: z.string().min(1).default('.data/pglite'),
  LOG_LEVEL: env.logLevel(),
  DATABASE_URL: env.databaseUrl().optional(),
  SQS_ENDPOINT: env.httpUrl().optional(),
  SQS_QUEUE_URL: env.httpUrl().optional(),
  AWS_REGION: env.awsRegion(),
});

/** What {@link startStack} needs; {@link stackOptionsFromEnv} reads it from the environment. */
export interface StackOptions {
  inventoryPort: number;
  pricingPort: number;
  /** Port of the embedded PGlite server (0: any free port). */
  pglitePort: number;
  /** Port of the embedded fauxqs (0: any free port). */
  fauxqsPort: number;
  /** PGlite data folder (kept across restarts); relative paths are from the repository root. */
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  region: string;
  /** A real PostgreSQL: no PGlite is started. */
  databaseUrl?: string | undefined;
  /** A real or external SQS endpoint: no fauxqs is started. */
  sqsEndpoint?: string | undefined;
  /** An existing event queue (its DLQ comes from its redrive policy); otherwise the queues are created. */
  queueUrl?: string | undefined;
}

export function stackOptionsFromEnv(source: Record<string, string | undefined> = process.env): StackOptions {
  const c = loadConfig(schema, source);
  return {
    inventoryPort: c.INVENTORY_PORT,
    pricingPort: c.PRICING_PORT,
    pglitePort: c.PGLITE_PORT,
    fauxqsPort: c.FAUXQS_PORT,
    dataDir: c.STACK_DATA_DIR,
    logLevel: c.LOG_LEVEL,
    region: c.AWS_REGION,
    databaseUrl: c.DATABASE_URL,
    sqsEndpoint: c.SQS_ENDPOINT,
    queueUrl: c.SQS_QUEUE_URL,
  };
}

/** A running stack. */
export interface Stack {
  inventoryUrl: string;
  pricingUrl: string;
  databaseUrl: string;
  sqsEndpoint: string | undefined;
  queueUrl: string;
  dlqUrl: string | undefined;
  embedded: { database: boolean; queue: boolean };
  /** Stops services first (pricing drains its consumer), then the embedded servers. */
  stop: () => Promise<void>;
}

export async function startStack(options: StackOptions, logger?: Logger): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger?.error({ err }, 'stop failed'));
    stops.length = 0;
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const db = await startPgliteServer({
        dataDir: resolve(root, options.dataDir),
        port: options.pglitePort,
      });
      stops.push(db.stop);
      databaseUrl = db.url;
    }

    let sqsEndpoint = options.sqsEndpoint;
    let queueUrl = options.queueUrl;
    let dlqUrl: string | undefined;
    if (!sqsEndpoint && !queueUrl) {
      const { startFauxqs } = await import('fauxqs');
      const server = await startFauxqs({ port: options.fauxqsPort, logger: false });
      stops.push(() => server.stop());
      sqsEndpoint = `http://127.0.0.1:${server.port}`;
    }
    if (!queueUrl) {
      const sqs = createSqsClient({ endpoint: sqsEndpoint, region: options.region });
      try {
        ({ queueUrl, dlqUrl } = await ensureQueues(sqs, { name: 'inventory-events' }));
      } finally {
        sqs.destroy();
      }
    }

    const common = {
      DATABASE_URL: databaseUrl,
      SQS_ENDPOINT: sqsEndpoint,
      SQS_QUEUE_URL: queueUrl,
      AWS_REGION: options.region,
      LOG_LEVEL: options.logLevel,
      // pglite-socket serves at most 10 connections: share them between the two services.
      DB_POOL_SIZE: options.databaseUrl ? undefined : '4',
    };
    const inventory = await startInventory(
      loadInventoryConfig({ ...common, PORT: String(options.inventoryPort), HOST: '127.0.0.1' }),
      { logger: createLogger({ name: 'inventory', level: options.logLevel }) },
    );
    stops.push(() => inventory.stop());
    const pricing = await startPricing(
      loadPricingConfig({
        ...common,
        PORT: String(options.pricingPort),
        HOST: '127.0.0.1',
        SQS_DLQ_URL: dlqUrl,
      }),
      { logger: createLogger({ name: 'pricing', level: options.logLevel }) },
    );
    stops.push(() => pricing.stop());

    return {
      inventoryUrl: inventory.url,
      pricingUrl: pricing.url,
      databaseUrl,
      sqsEndpoint,
      queueUrl,
      dlqUrl,
      embedded: { database: !options.databaseUrl, queue: !options.sqsEndpoint && !options.queueUrl },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function banner(stack: Stack, options: StackOptions): string {
  const db = stack.embedded.database
    ? `${stack.databaseUrl}  (PGlite, data in ${options.dataDir})`
    : `${stack.databaseUrl.replace(/:[^:@/]*@/, ':***@')}  (external)`;
  const sqs = stack.embedded.queue
    ? `${stack.sqsEndpoint}  (fauxqs, in memory)`
    : `${stack.sqsEndpoint ?? 'AWS'}  (external)`;
  return [
    '',
    '  Delivery platform: local stack is up',
    '',
    `  inventory   ${stack.inventoryUrl}   (GET /v1/skus, /health, /ready, /metrics)`,
    `  pricing     ${stack.pricingUrl}   (GET /v1/prices/:sku, /health, /ready, /metrics)`,
    `  database    ${db}`,
    `  sqs         ${sqs}`,
    `  queue       ${stack.queueUrl}`,
    ...(stack.dlqUrl ? [`  dlq         ${stack.dlqUrl}`] : []),
    '',
    '  Try it:     npm run demo      Stop: Ctrl-C',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let options: StackOptions;
  try {
    options = stackOptionsFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`stack: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger({ name: 'stack', level: options.logLevel });
  const stack = await startStack(options, logger);
  console.log(banner(stack, options));
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n  ${signal}: stopping the stack…`);
      setTimeout(() => process.exit(1), 20_000).unref();
      stack.stop().then(
        () => {
          console.log('  stopped.');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
