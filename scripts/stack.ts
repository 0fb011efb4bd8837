// `npm start`: the local stack, each service in its own process as in production.
//
//   - SQS: fauxqs in this process, with the FIFO event queue, its DLQ and the redrive policy
//     (SQS_ENDPOINT [+ SQS_QUEUE_URL] switch to a real or external SQS: nothing embedded starts);
//   - PostgreSQL: PGlite served over the wire protocol by pglite-socket in this process, data in
//     .data/pglite (DATABASE_URL switches to a real server: nothing embedded starts);
//   - auth: a fresh ES256 key pair; both services trust its public key (AUTH_PUBLIC_KEY), and a dev
//     token with every scope, valid 24 h, is printed in the banner and written to .data/dev-token;
//   - inventory and pricing: `services/<name>/src/main.ts`, each its own Node process (own core),
//     configured by environment exactly as their containers are; their JSON logs go to stdout.
// Ctrl-C (SIGINT) or SIGTERM stops the services (each drains), then the embedded servers, and exits 0.
//
// Environment: INVENTORY_PORT (8080), PRICING_PORT (8081), PGLITE_PORT (5433), FAUXQS_PORT (4566),
// STACK_DATA_DIR (.data/pglite), STACK_TOKEN_FILE (.data/dev-token), LOG_LEVEL (info), DATABASE_URL,
// SQS_ENDPOINT, SQS_QUEUE_URL, AWS_REGION.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '../services/lib/src/config.js';
import { createDevIssuer } from '../services/lib/src/dev-auth.js';
import { createLogger, type Logger } from '../services/lib/src/logger.js';
import { startPgliteServer } from '../services/lib/src/pglite-server.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, onShutdownSignal } from '../services/lib/src/process.js';
import { createSqsClient, ensureQueues } from '../services/lib/src/sqs.js';

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
  /** Process ids of the two services. */
  pids: { inventory: number; pricing: number };
  /** Resolves if a service process ends while the stack is not stopping (it crashed or was killed). */
  serviceExited: Promise<{ service: 'inventory' | 'pricing'; code: number | string }>;
  /** Stops the services (each drains, SIGTERM as in Kubernetes), then the embedded servers. */
  stop: () => Promise<void>;
}

/** How long a service may take to stop after SIGTERM before it is killed (its own drain bound is 10 s). */
const SERVICE_STOP_MS = 15_000;

/** A port that was free a moment ago, for a service asked to listen on port 0. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `services/<name>/src/main.ts` as its own process with `serviceEnv` on `port`; resolves once
 * it answers `/health`, rejects with its output if it exits first. Its log lines go to `forward`.
 */
async function startService(
  name: 'inventory' | 'pricing',
  port: number,
  serviceEnv: Record<string, string | undefined>,
  forward: (chunk: Buffer) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const listenOn = port === 0 ? await freePort() : port;
  // The service sees this shell's environment with the stack's values on top; `undefined` removes a variable.
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...serviceEnv, PORT: String(listenOn) }))
    if (value !== undefined && !(key in serviceEnv && serviceEnv[key] === undefined)) childEnv[key] = value;
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', forward);
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${listenOn}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before serving:\n${output}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after {@link SERVICE_STOP_MS}; resolves once the process has exited. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), SERVICE_STOP_MS);
  await exited;
  clearTimeout(kill);
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
    // Both services start together; each migrates its own schema under its own advisory lock.
    const [inventory, pricing] = await Promise.allSettled([
      startService('inventory', options.inventoryPort, common, forward),
      startService('pricing', options.pricingPort, { ...common, SQS_DLQ_URL: dlqUrl }, forward),
    ]);
    for (const started of [inventory, pricing])
      if (started.status === 'fulfilled') stops.push(() => stopProcess(started.value.child));
    if (inventory.status === 'rejected') throw inventory.reason;
    if (pricing.status === 'rejected') throw pricing.reason;
    // The two services stop together (before the servers they use), as a rollout would stop them.
    let stopping = false;
    const services = stops.splice(-2);
    stops.push(async () => {
      stopping = true;
      await Promise.all(services.map((stop) => stop()));
    });
    const serviceExited = new Promise<{ service: 'inventory' | 'pricing'; code: number | string }>((done) => {
      for (const [service, started] of [
        ['inventory', inventory.value],
        ['pricing', pricing.value],
      ] as const)
        started.child.once('exit', (code, signal) => {
          if (!stopping) done({ service, code: code ?? signal ?? -1 });
        });
    });

    return {
      inventoryUrl: inventory.value.url,
      pricingUrl: pricing.value.url,
      databaseUrl,
      sqsEndpoint,
      queueUrl,
      dlqUrl,
      embedded: { database: !options.databaseUrl, queue: !options.sqsEndpoint && !options.queueUrl },
      token,
      pids: { inventory: inventory.value.child.pid ?? -1, pricing: pricing.value.child.pid ?? -1 },
      serviceExited,
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
    `  inventory   ${stack.inventoryUrl}   (pid ${stack.pids.inventory}; GET /v1/skus, /health, /ready, /metrics)`,
    `  pricing     ${stack.pricingUrl}   (pid ${stack.pids.pricing}; GET /v1/prices/:sku, /health, /ready, /metrics)`,
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
  // A service that dies takes the stack down with it: a half stack would only confuse.
  void stack.serviceExited.then(async ({ service, code }) => {
    logger.error({ service, code }, 'a service exited: stopping the stack');
    await stack.stop();
    process.exit(EXIT_FAILURE);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
