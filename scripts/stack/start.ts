// `npm start`: the local stack, each service in its own process as in production.
//
//   - SQS: fauxqs in this process, with the FIFO event queue, its DLQ and the redrive policy
//     (SQS_ENDPOINT [+ SQS_QUEUE_URL] switch to a real or external SQS: nothing embedded starts);
//   - PostgreSQL: PGlite served over the wire protocol by pglite-socket in this process, data in
//     .data/pglite (DATABASE_URL switches to a real server: nothing embedded starts);
//   - auth: a fresh ES256 key pair; every service trusts its public key (AUTH_PUBLIC_KEY) and its issuer,
//     the local OpenID Provider (scripts/stack/identity.ts, oidc-provider, AUTH_ISSUER), which signs with it:
//     the client credentials of each declared oauth-client (its service gets them as its token_url,
//     client_id, client_secret) and the storefront's sign-in (code + PKCE, redirect URIs on the
//     entrypoint's origin); a dev token with every declared service's scopes, valid 24 h, is printed in the
//     banner and written to .data/dev-token;
//   - every service declared in services/<name>/score.yaml: first its build script when its package.json
//     has one and its output is stale (a web front end's: scripts/lib/service-build.ts), then its entry
//     (`x-build.entry`), each its own Node process (own core), with its declared variables, resolved
//     against the servers above (scripts/lib/service-env.ts; a service-port is 127.0.0.1 and the other
//     service's port here); their JSON logs go to stdout. One that dies is started again with
//     backoff (1 s doubling to 30 s), as Kubernetes would, and the stack logs it
//     (scripts/lib/supervised-service.ts): the stack never goes down with a service;
//   - the entrypoint: one origin (ENTRYPOINT_PORT) routing by the declarations' x-routes to each service, as
//     the dev Ingress does (scripts/stack/entrypoint.ts): the storefront and its APIs.
// Ctrl-C (SIGINT) or SIGTERM stops the services (each drains), then the embedded servers, and exits 0.
//
// Environment: <SERVICE>_PORT (each service's declared port: INVENTORY_PORT 8080, PRICING_PORT 8081),
// PGLITE_PORT (5433), FAUXQS_PORT (4566), IDP_PORT (8090), ENTRYPOINT_PORT (8000: the entrypoint, and the storefront's redirect URIs),
// STACK_DATA_DIR (.data/pglite), STACK_TOKEN_FILE (.data/dev-token), LOG_LEVEL (info), DATABASE_URL,
// SQS_ENDPOINT, SQS_QUEUE_URL, AWS_REGION.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type Catalogue, loadCatalogue } from '../../services/lib/catalogue/catalogue.js';
import { ConfigError, env, loadConfig } from '../../services/lib/src/config.js';
import { createLogger, type Logger } from '../../services/lib/src/logger.js';
import { PGLITE_MAX_CONNECTIONS, startPgliteServer } from '../../services/lib/src/pglite-server.js';
import { EXIT_BAD_CONFIG, onShutdownSignal } from '../../services/lib/src/process.js';
import { createSqsClient, ensureQueues } from '../../services/lib/src/sqs.js';
import { freePort } from '../../services/lib/test-support/processes.js';
import { buildServiceIfStale } from '../lib/service-build.js';
import { type LocalResources, localServiceEnv } from '../lib/service-env.js';
import { SERVICE_STOP_MS, SupervisedService } from '../lib/supervised-service.js';
import { entrypointRoutes, type RunningEntrypoint, startEntrypoint } from './entrypoint.js';
import { catalogueScopes, startCatalogueIdentity } from './identity.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The variable that moves a service's port: `inventory` → `INVENTORY_PORT`. */
export const portVariable = (service: string) => `${service.toUpperCase().replaceAll('-', '_')}_PORT`;

const stackSchema = (catalogue: Catalogue) =>
  z.object({
    ...Object.fromEntries(catalogue.services.map((s) => [portVariable(s.name), env.port(s.port)])),
    ...settings,
  });

const settings = {
  PGLITE_PORT: env.port(5433),
  FAUXQS_PORT: env.port(4566),
  IDP_PORT: env.port(8090),
  ENTRYPOINT_PORT: env.port(8000),
  STACK_DATA_DIR: z.string().min(1).default('.data/pglite'),
  STACK_TOKEN_FILE: z.string().min(1).default('.data/dev-token'),
  LOG_LEVEL: env.logLevel(),
  DATABASE_URL: env.databaseUrl().optional(),
  SQS_ENDPOINT: env.httpUrl().optional(),
  SQS_QUEUE_URL: env.httpUrl().optional(),
  AWS_REGION: env.awsRegion(),
};

/** What {@link startStack} needs; {@link stackOptionsFromEnv} reads it from the environment. */
export interface StackOptions {
  /** The services to run, from their declarations. @defaultValue this repository's */
  catalogue?: Catalogue | undefined;
  /** Port per service (0: any free port); a service not named listens on its declared port. */
  ports: Readonly<Record<string, number>>;
  /** Port of the embedded PGlite server (0: any free port). */
  pglitePort: number;
  /** Port of the embedded fauxqs (0: any free port). */
  fauxqsPort: number;
  /** Port of the local OpenID Provider (0: any free port); its URL is every service's AUTH_ISSUER. */
  idpPort: number;
  /**
   * The entrypoint's port (0: any free port), the one origin routing by x-routes: the storefront's sign-in
   * returns to http://127.0.0.1:<it>/ and http://localhost:<it>/.
   */
  entrypointPort: number;
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

export function stackOptionsFromEnv(
  source: Record<string, string | undefined> = process.env,
  catalogue: Catalogue = loadCatalogue(),
): StackOptions {
  const c = loadConfig(stackSchema(catalogue), source) as z.output<z.ZodObject<typeof settings>> &
    Record<string, number>;
  return {
    catalogue,
    ports: Object.fromEntries(catalogue.names.map((name) => [name, Number(c[portVariable(name)])])),
    pglitePort: c.PGLITE_PORT,
    fauxqsPort: c.FAUXQS_PORT,
    idpPort: c.IDP_PORT,
    entrypointPort: c.ENTRYPOINT_PORT,
    dataDir: c.STACK_DATA_DIR,
    tokenFile: c.STACK_TOKEN_FILE,
    logLevel: c.LOG_LEVEL,
    region: c.AWS_REGION,
    databaseUrl: c.DATABASE_URL,
    sqsEndpoint: c.SQS_ENDPOINT,
    queueUrl: c.SQS_QUEUE_URL,
  };
}

/** One running service of the stack: restarted with backoff when it dies, so its pid may change. */
export interface RunningService {
  readonly url: string;
  readonly kind: string;
  readonly process: SupervisedService;
}

/** A running stack. */
export interface Stack {
  /** Every declared service, by name. */
  services: Readonly<Record<string, RunningService>>;
  /** A service's URL; throws for a service the stack does not run. */
  url: (service: string) => string;
  /** The one origin routing by x-routes (as the dev Ingress); undefined when no service declares a route. */
  entrypoint: RunningEntrypoint | undefined;
  databaseUrl: string;
  sqsEndpoint: string | undefined;
  /** Every declared queue, by id, with its dead-letter queue when the stack made it. */
  queues: Readonly<Record<string, { readonly url: string; readonly dlqUrl?: string | undefined }>>;
  embedded: { database: boolean; queue: boolean };
  /** A bearer token with every declared service's scopes, valid 24 h, that every service accepts. */
  token: string;
  /** The local OpenID Provider: every service's AUTH_ISSUER. */
  identity: { readonly issuer: string; readonly tokenUrl: string };
  /** Stops the services (each drains, SIGTERM as in Kubernetes), then the embedded servers. */
  stop: () => Promise<void>;
}

export async function startStack(options: StackOptions, logger?: Logger): Promise<Stack> {
  const catalogue = options.catalogue ?? loadCatalogue();
  if (options.queueUrl && catalogue.queueIds.length > 1)
    throw new Error(
      `SQS_QUEUE_URL names one queue, but the services declare ${catalogue.queueIds.length} (${catalogue.queueIds.join(', ')})`,
    );
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger?.error({ err }, 'stop failed'));
    stops.length = 0;
  };
  try {
    // Build scripts first (a front end's files), one service at a time: a failed build stops here.
    for (const service of catalogue.services) {
      const started = Date.now();
      const outcome = await buildServiceIfStale(service, catalogue.root);
      if (outcome === 'built')
        logger?.info(`${service.name}: built (npm run build) in ${Date.now() - started} ms`);
    }
    // Chosen first: the identity provider's redirect URIs name it.
    const entrypointPort = options.entrypointPort === 0 ? await freePort() : options.entrypointPort;

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
    const queues: Record<string, { url: string; dlqUrl?: string | undefined }> = {};
    if (!sqsEndpoint && !options.queueUrl) {
      const { startFauxqs } = await import('fauxqs');
      const server = await startFauxqs({ port: options.fauxqsPort, logger: false });
      stops.push(() => server.stop());
      sqsEndpoint = `http://127.0.0.1:${server.port}`;
    }
    if (options.queueUrl) {
      for (const id of catalogue.queueIds) queues[id] = { url: options.queueUrl };
    } else {
      // Each declared queue once, with its DLQ and redrive policy, as Terraform makes them in AWS.
      const sqs = createSqsClient({ endpoint: sqsEndpoint, region: options.region });
      try {
        for (const id of catalogue.queueIds) {
          const made = await ensureQueues(sqs, { name: id });
          queues[id] = { url: made.queueUrl, dlqUrl: made.dlqUrl };
        }
      } finally {
        sqs.destroy();
      }
    }

    const { signer: issuer, provider: identity } = await startCatalogueIdentity(catalogue, {
      port: options.idpPort === 0 ? await freePort() : options.idpPort,
      redirectUris: [`http://127.0.0.1:${entrypointPort}/`, `http://localhost:${entrypointPort}/`],
    });
    stops.push(identity.stop);
    // Every declared service's scopes: the dev token writes to any of them.
    const token = await issuer.sign({ scopes: catalogueScopes(catalogue) });
    if (options.tokenFile) {
      const file = resolve(root, options.tokenFile);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
    }

    // Each service's port, chosen before any starts: a service-port names the other's.
    const ports = Object.fromEntries(
      await Promise.all(
        catalogue.services.map(async (s) => {
          const port = options.ports[s.name] ?? s.port;
          return [s.name, port === 0 ? await freePort() : port] as const;
        }),
      ),
    );
    const provided: LocalResources = {
      region: options.region,
      databaseUrl,
      queues,
      services: Object.fromEntries(
        catalogue.names.map((name) => [name, { hostname: '127.0.0.1', port: ports[name] ?? 0 }]),
      ),
      oauthClients: Object.fromEntries(
        catalogue.services.flatMap((s) => {
          const client = s.oauthClient && identity.clients[s.name];
          return client ? [[s.name, client]] : [];
        }),
      ),
    };
    // On top of each declaration's own variables: where the local servers are, and the stack's settings.
    const overrides = {
      SQS_ENDPOINT: sqsEndpoint,
      LOG_LEVEL: options.logLevel,
      HOST: '127.0.0.1',
      // The embedded server's connections, shared out: one kept for inventory's relay LISTEN (4 + 4 + 1 for two).
      ...(!options.databaseUrl && {
        DB_POOL_SIZE: String(
          Math.max(1, Math.floor((PGLITE_MAX_CONNECTIONS - 1) / catalogue.services.length)),
        ),
      }),
      MIGRATIONS_DIR: undefined,
      ...issuer.env,
    };
    const forward = (chunk: Buffer) => {
      if (options.logLevel !== 'silent') process.stdout.write(chunk);
    };
    // The services start together; each migrates its own schema under its own advisory lock.
    const settled = await Promise.allSettled(
      catalogue.services.map(async (s) => {
        const listenOn = ports[s.name] ?? s.port;
        const command = {
          name: s.name,
          entry: `${s.directory}/${s.build.entry}`,
          cwd: catalogue.root,
          env: processEnv({ ...localServiceEnv(s, provided, overrides), PORT: String(listenOn) }),
          port: listenOn,
          forward,
        };
        return SupervisedService.start(command, logger);
      }),
    );
    const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // They stop together (before the servers they use), as a rollout would stop them.
    stops.push(async () => {
      await Promise.all(started.map((service) => service.stop()));
    });
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const names = catalogue.names;
    const services = Object.fromEntries(
      started.map((service, i) => {
        const name = names[i] as string;
        return [name, { url: service.url, kind: catalogue.get(name).kind, process: service }];
      }),
    );
    const url = (service: string) => {
      const found = services[service];
      if (!found) throw new Error(`the stack runs no service "${service}" (it runs ${names.join(', ')})`);
      return found.url;
    };
    const routes = entrypointRoutes(catalogue, url);
    const entrypoint =
      routes.length > 0 ? await startEntrypoint({ routes, port: entrypointPort }) : undefined;
    // It stops first (stops run in reverse), so nothing reaches a service that is draining.
    if (entrypoint) stops.push(entrypoint.stop);
    return {
      services,
      url,
      entrypoint,
      databaseUrl,
      sqsEndpoint,
      queues,
      embedded: { database: !options.databaseUrl, queue: !options.sqsEndpoint && !options.queueUrl },
      token,
      identity: { issuer: identity.issuer, tokenUrl: identity.tokenUrl },
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
  const front = stack.entrypoint?.routes.find((route) => route.path === '/')?.service;
  return [
    '',
    '  Delivery platform: local stack is up',
    '',
    ...(stack.entrypoint
      ? [
          `  ${front ? `${front[0]?.toUpperCase()}${front.slice(1)}` : 'Entrypoint'}: ${stack.entrypoint.url}`,
          `  (one origin, routed by path as the dev Ingress routes: ${stack.entrypoint.routes.map((r) => `${r.path} → ${r.service}`).join(', ')})`,
          '',
        ]
      : []),
    ...Object.entries(stack.services).map(
      ([name, s]) =>
        `  ${name.padEnd(11)} ${s.url}   (pid ${s.process.pid}; ${s.kind}; /health, /ready, /metrics)`,
    ),
    `  database    ${db}`,
    `  sqs         ${sqs}`,
    `  identity    ${stack.identity.issuer}  (oidc-provider: client credentials, sign-in with any login name)`,
    ...Object.entries(stack.queues).flatMap(([id, q]) => [
      `  queue       ${q.url}  (${id})`,
      ...(q.dlqUrl ? [`  dlq         ${q.dlqUrl}`] : []),
    ]),
    '',
    '  Writes need a bearer token. A dev token (every scope, valid 24 h, trusted by this stack only):',
    ...(options.tokenFile ? [`  (also in ${options.tokenFile})`] : []),
    '',
    `  ${stack.token}`,
    '',
    ...(stack.services.inventory
      ? [
          `  curl -X PUT -H "Authorization: Bearer $(cat ${options.tokenFile ?? '<token file>'})" -H 'content-type: application/json' \\`,
          `       -d '{"onHand": 5}' ${stack.services.inventory.url}/v1/skus/DEMO-1/stock`,
        ]
      : []),
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

/** This shell's environment with the stack's values on top; a value `undefined` removes the variable. */
function processEnv(serviceEnv: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...serviceEnv }))
    if (value !== undefined && !(key in serviceEnv && serviceEnv[key] === undefined)) out[key] = value;
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
