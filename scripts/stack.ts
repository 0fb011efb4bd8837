// `npm start`: the local stack, each service in its own process as in production.
//
//   - SQS: fauxqs in this process, with the FIFO event queue, its DLQ and the redrive policy
//     (SQS_ENDPOINT [+ SQS_QUEUE_URL] switch to a real or external SQS: nothing embedded starts);
//   - PostgreSQL: PGlite served over the wire protocol by pglite-socket in this process, data in
//     .data/pglite (DATABASE_URL switches to a real server: nothing embedded starts);
//   - auth: a fresh ES256 key pair; both services trust its public key (AUTH_PUBLIC_KEY), and a dev
//     token with every scope, valid 24 h, is printed in the banner and written to .data/dev-token;
//   - inventory and pricing: `services/<name>/src/main.ts`, each its own Node process (own core),
//     configured by environment exactly as their containers are; their JSON logs go to stdout. One
//     that dies is started again with backoff (1 s doubling to 30 s), as Kubernetes would, and the
//     stack logs it (scripts/lib/supervised-service.ts): the stack never goes down with a service.
// Ctrl-C (SIGINT) or SIGTERM stops the services (each drains), then the embedded servers, and exits 0.
//
// Environment: INVENTORY_PORT (8080), PRICING_PORT (8081), PGLITE_PORT (5433), FAUXQS_PORT (4566),
// STACK_DATA_DIR (.data/pglite), STACK_TOKEN_FILE (.data/dev-token), LOG_LEVEL (info), DATABASE_URL,
// SQS_ENDPOINT, SQS_QUEUE_URL, AWS_REGION.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '../services/lib/src/config.js';
import { createDevIssuer } from '../services/lib/src/dev-auth.js';
import { createLogger, type Logger } from '../services/lib/src/logger.js';
import { startPgliteServer } from '../services/lib/src/pglite-server.js';
import { EXIT_BAD_CONFIG, onShutdownSignal } from '../services/lib/src/process.js';
import { createSqsClient, ensureQueues } from '../services/lib/src/sqs.js';
import { freePort, SERVICE_STOP_MS, SupervisedService } from './lib/supervised-service.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const schema = z.object({
  INVENTORY_PORT: env.port(8080),
  PRICING_PORT: env.port(8081),
  PGLITE_PORT: env.port(5433),
  FAUXQS_PORT: env.port(4566),
  STACK_DATA_DIR: z.string().min(1).default('.data/pglite'),
  STACK_TOKEN_FILE: z.string().min(1).default('.data/dev-token'),
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
  /** Where the dev token is written (relative paths from the repository root); `undefined`: nowhere. */
  tokenFile?: string | undefined;
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
    tokenFile: c.STACK_TOKEN_FILE,
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
  /** A bearer token with every scope, valid 24 h, that both services accept. */
  token: string;
  /** The two service processes (current pids, restart counts); each is restarted when it dies. */
  services: { inventory: SupervisedService; pricing: SupervisedService };
  /** Stops the services (each drains, SIGTERM as in Kubernetes), then the embedded servers. */
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

    const issuer = await createDevIssuer();
    const token = await issuer.sign();
    if (options.tokenFile) {
      const file = resolve(root, options.tokenFile);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
    }

    const common = {
      DATABASE_URL: databaseUrl,
      SQS_ENDPOINT: sqsEndpoint,
      SQS_QUEUE_URL: queueUrl,
      AWS_REGION: options.region,
      LOG_LEVEL: options.logLevel,
      HOST: '127.0.0.1',
      // pglite-socket serves at most 10 connections: 4 + 4 pooled, 1 for the relay's LISTEN.
      DB_POOL_SIZE: options.databaseUrl ? undefined : '4',
      MIGRATIONS_DIR: undefined,
      ...issuer.env,
    };
    const forward = (chunk: Buffer) => {
      if (options.logLevel !== 'silent') process.stdout.write(chunk);
    };
    const command = async (
      name: 'inventory' | 'pricing',
      port: number,
      extra: Record<string, string | undefined>,
    ) => {
      const listenOn = port === 0 ? await freePort() : port;
      // The service sees this shell's environment with the stack's values on top; `undefined` removes a variable.
      const serviceEnv: Record<string, string | undefined> = { ...common, ...extra, PORT: String(listenOn) };
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...process.env, ...serviceEnv }))
        if (value !== undefined && !(key in serviceEnv && serviceEnv[key] === undefined)) env[key] = value;
      return { name, entry: `services/${name}/src/main.ts`, cwd: root, env, port: listenOn, forward };
    };
    // Both services start together; each migrates its own schema under its own advisory lock.
    const [inventory, pricing] = await Promise.allSettled([
      command('inventory', options.inventoryPort, {}).then((c) => SupervisedService.start(c, logger)),
      command('pricing', options.pricingPort, { SQS_DLQ_URL: dlqUrl }).then((c) =>
        SupervisedService.start(c, logger),
      ),
    ]);
    const started = [inventory, pricing].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // The two services stop together (before the servers they use), as a rollout would stop them.
    stops.push(async () => {
      await Promise.all(started.map((service) => service.stop()));
    });
    if (inventory.status === 'rejected') throw inventory.reason;
    if (pricing.status === 'rejected') throw pricing.reason;

    return {
      inventoryUrl: inventory.value.url,
      pricingUrl: pricing.value.url,
      databaseUrl,
      sqsEndpoint,
      queueUrl,
      dlqUrl,
      embedded: { database: !options.databaseUrl, queue: !options.sqsEndpoint && !options.queueUrl },
      token,
      services: { inventory: inventory.value, pricing: pricing.value },
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
    `  inventory   ${stack.inventoryUrl}   (pid ${stack.services.inventory.pid}; GET /v1/skus, /health, /ready, /metrics)`,
    `  pricing     ${stack.pricingUrl}   (pid ${stack.services.pricing.pid}; GET /v1/prices/:sku, /health, /ready, /metrics)`,
    `  database    ${db}`,
    `  sqs         ${sqs}`,
    `  queue       ${stack.queueUrl}`,
    ...(stack.dlqUrl ? [`  dlq         ${stack.dlqUrl}`] : []),
    '',
    '  Writes need a bearer token. A dev token (every scope, valid 24 h, trusted by this stack only):',
    ...(options.tokenFile ? [`  (also in ${options.tokenFile})`] : []),
    '',
    `  ${stack.token}`,
    '',
    `  curl -X PUT -H "Authorization: Bearer $(cat ${options.tokenFile ?? '<token file>'})" -H 'content-type: application/json' \\`,
    `       -d '{"onHand": 5}' ${stack.inventoryUrl}/v1/skus/DEMO-1/stock`,
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
    process.exit(EXIT_BAD_CONFIG);
  }
  const logger = createLogger({ name: 'stack', level: options.logLevel });
  const stack = await startStack(options, logger);
  console.log(banner(stack, options));
  onShutdownSignal(stack.stop, { timeoutMs: SERVICE_STOP_MS + 10_000, logger });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
