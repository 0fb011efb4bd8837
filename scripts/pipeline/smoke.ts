// The rehearsal's last proof for each built image: podman pulls it from the local registry and runs it
// as the platform does (scripts/lib/podman.ts: host network, read-only root, uid 65532) against a local
// stack, and it must answer /ready (database and queue reachable). The stack's identity is npm start's (a
// local OpenID Provider: every declared oauth-client gets its credentials); a service-port is the other
// image's address when it runs too, else 127.0.0.1 and its declared port (no caller's /ready calls it). Not a workflow step: on GitHub, Argo
// CD's rollout and the readiness probe do this in dev.
import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';
import pg from 'pg';
import { startPgliteServer } from '../../services/lib/src/pglite-server.js';
import { createSqsClient, ensureQueues } from '../../services/lib/src/sqs.js';
import { freePort } from '../../services/lib/test-support/processes.js';
import { CATALOGUE, type Service } from '../../workflows/paths.js';
import {
  type PodmanStorage,
  podman,
  podmanUnavailable,
  type RunningContainer,
  runImage,
} from '../lib/podman.js';
import { type LocalResources, localServiceEnv } from '../lib/service-env.js';
import { startCatalogueIdentity } from '../stack/identity.js';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const READY_WITHIN_MS = 30_000;

interface Database {
  readonly url: string;
  readonly kind: string;
  cleanup(): Promise<void>;
}

/** A fresh database on the machine's PostgreSQL, or an embedded PGlite server when there is none. */
async function database(): Promise<Database> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    const server = await startPgliteServer();
    return { url: server.url, kind: 'PGlite', cleanup: server.stop };
  }
  const name = `pipeline_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'PostgreSQL',
    cleanup: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
    },
  };
}

async function waitReady(url: string, container: RunningContainer): Promise<number> {
  const started = performance.now();
  let last = 'no answer';
  while (performance.now() - started < READY_WITHIN_MS) {
    const exited = await Promise.race([container.exited.then(() => true), Promise.resolve(false)]);
    if (exited)
      throw new Error(`the container exited before /ready answered:\n${container.logs().slice(-2000)}`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
      last = `HTTP ${response.status} ${(await response.text()).slice(0, 200)}`;
      if (response.status === 200) return performance.now() - started;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `/ready did not answer 200 within ${READY_WITHIN_MS / 1000} s (last: ${last})\n${container.logs().slice(-2000)}`,
  );
}

const definedOnly = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Runs every image at once against one stack; resolves with each service's time to /ready. */
export async function smokeImages(
  images: Readonly<Partial<Record<Service, string>>>,
  storage: PodmanStorage,
): Promise<{ readyMs: Partial<Record<Service, number>>; stack: string }> {
  const entries = Object.entries(images) as [Service, string][];
  const unavailable = await podmanUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const server = buildApp({ logger: false });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const sqs = createSqsClient({ endpoint, region: 'us-east-1' });
  const [db, identity] = await Promise.all([
    database(),
    freePort().then((port) => startCatalogueIdentity(CATALOGUE, { port, redirectUris: [] })),
  ]);
  const issuer = identity.signer;
  const containers: RunningContainer[] = [];
  try {
    // Every queue the services declare, once per id, with its DLQ.
    const queues: Record<string, { url: string; dlqUrl: string }> = {};
    for (const id of CATALOGUE.queueIds) {
      const made = await ensureQueues(sqs, { name: id });
      queues[id] = { url: made.queueUrl, dlqUrl: made.dlqUrl };
    }
    const ports = new Map<string, number>();
    for (const [service] of entries) ports.set(service, await freePort());
    const provided: LocalResources = {
      region: 'us-east-1',
      databaseUrl: db.url,
      queues,
      services: Object.fromEntries(
        CATALOGUE.services.map((s) => [s.name, { hostname: '127.0.0.1', port: ports.get(s.name) ?? s.port }]),
      ),
      oauthClients: identity.provider.clients,
    };
    // By digest: an image already in the store is the same image, so only a new one is pulled.
    const present = async (ref: string) =>
      podman(['image', 'exists', ref], { storage }).then(
        () => true,
        () => false,
      );
    await Promise.all(
      entries.map(async ([, ref]) => {
        if (!(await present(ref))) await podman(['pull', '--quiet', ref], { storage });
      }),
    );
    const readyMs: Partial<Record<Service, number>> = {};
    await Promise.all(
      entries.map(async ([service, ref]) => {
        const port = ports.get(service) ?? (await freePort());
        const container = runImage(ref, {
          storage,
          name: `pipeline-${service}-${process.pid}`,
          // Its declared variables, resolved against this stack, with the smoke test's settings on top.
          env: definedOnly(
            localServiceEnv(CATALOGUE.get(service), provided, {
              SQS_ENDPOINT: endpoint,
              HOST: '127.0.0.1',
              PORT: String(port),
              LOG_LEVEL: 'warn',
              DB_POOL_SIZE: '2',
              ...issuer.env,
            }),
          ),
        });
        containers.push(container);
        readyMs[service] = await waitReady(`http://127.0.0.1:${port}`, container);
      }),
    );
    return { readyMs, stack: `${db.kind} + fauxqs` };
  } finally {
    await Promise.all(containers.map((c) => c.stop(15)));
    sqs.destroy();
    await server.close();
    await identity.provider.stop();
    await db.cleanup();
  }
}

/** `inventory ready in 1.2 s, pricing ready in 1.4 s` */
export const readyDetail = (readyMs: Partial<Record<Service, number>>) =>
  Object.entries(readyMs)
    .map(([service, ms]) => `${service} ready in ${((ms ?? 0) / 1000).toFixed(1)} s`)
    .join(', ');
