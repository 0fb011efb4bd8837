// `npm run new:service` end to end, in a checkout of this commit (its own node_modules, hard links to this
// one's): one service of each kind, each written by the command line as a developer runs it. Then, with no
// other edit: the catalogue loads them, the workflows are regenerated with them in the path filters and the
// image matrix, CODEOWNERS and the lock take them (`npm ci` would succeed), lint and typecheck are green,
// their own first tests pass, and the http-api's image, built by image-publish's bundle builder, runs under
// podman and answers /health and /ready.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { publishBundle } from '../../../actions/image-publish/src/bundle/publish.js';
import { parseReference, parseRepository } from '../../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../../actions/lib/oci-registry.js';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { createTestDatabase } from '../../../services/lib/test-support/database.js';
import { startFauxqs } from '../../../services/lib/test-support/fauxqs.js';
import { eventually, freePort, repoRoot } from '../../../services/lib/test-support/processes.js';
import { parseCodeowners } from '../../github/codeowners.js';
import { checkoutCommit } from '../../images/checkout.js';
import { buildLocalBase } from '../../images/local-base.js';
import {
  podman,
  podmanUnavailable,
  type RunningContainer,
  runImage,
  temporaryStorage,
} from '../../lib/podman.js';
import { startRegistry, type TestRegistry } from '../../lib/registry.js';

const exec = promisify(execFile);

/** One service of each kind, as a developer asks for it; names no repository service will take. */
const QUEUE = 'scaffolded-events';
const NEW_SERVICES = [
  { name: 'scaffolded-api', kind: 'http-api', argv: ['--database', '--sends', QUEUE] },
  { name: 'scaffolded-worker', kind: 'queue-worker', argv: ['--receives', QUEUE] },
  { name: 'scaffolded-web', kind: 'web', argv: [] },
] as const;
const names: string[] = NEW_SERVICES.map((s) => s.name);
/** The repository's own declarations, before. */
const declared = loadCatalogue(repoRoot);

const unavailable = await podmanUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED the podman run of a new service's image: ${unavailable}`);
}
const withPodman = unavailable === undefined ? it : it.skip;

const dir = mkdtempSync(join(tmpdir(), 'new-service-'));
let root: string;
const timings: string[] = [];

/** Runs `command` in the checkout; resolves with its output, rejects with it. */
async function inCheckout(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  try {
    return await exec(command, args, {
      cwd: root,
      // Not this Jest's worker: a Jest started in the checkout is its own.
      env: { ...process.env, JEST_WORKER_ID: undefined, ...env },
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

beforeAll(async () => {
  root = checkoutCommit(repoRoot, join(dir, 'repo'));
  for (const service of NEW_SERVICES) {
    const started = Date.now();
    // What `npm run new:service -- <name> --kind <kind> ...` runs.
    const { stdout } = await inCheckout(process.execPath, [
      '--import',
      'tsx',
      'scripts/service/new.ts',
      service.name,
      '--kind',
      service.kind,
      ...service.argv,
    ]);
    expect(stdout).toContain(`new:service: wrote services/${service.name} (${service.kind}`);
    timings.push(`${service.name} ${Date.now() - started} ms`);
  }
}, 120_000);

afterAll(() => {
  console.log(`new:service in a checkout: ${timings.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run new:service, then nothing else', () => {
  it('the catalogue loads each new service with its kind, port and resources', () => {
    for (const name of names) expect(declared.names).not.toContain(name);
    const catalogue = loadCatalogue(root);
    expect(catalogue.names).toEqual([...declared.names, ...names].sort());
    const [api, worker, web] = names.map((name) => catalogue.get(name));
    expect([api?.kind, api?.database?.schema, api?.queues]).toEqual([
      'http-api',
      'scaffolded_api',
      [{ id: QUEUE, resource: 'queue', direction: 'send' }],
    ]);
    expect([worker?.kind, worker?.database, worker?.queues]).toEqual([
      'queue-worker',
      undefined,
      [{ id: QUEUE, resource: 'queue', direction: 'receive' }],
    ]);
    expect([web?.kind, web?.database, web?.queues, web?.build.include]).toEqual([
      'web',
      undefined,
      [],
      ['public'],
    ]);
    expect(catalogue.queueIds).toEqual([...declared.queueIds, QUEUE].sort());
    // Each on a port of its own, after the declared ones.
    const ports = [api, worker, web].map((s) => s?.port ?? 0);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) expect(port).toBeGreaterThan(Math.max(...declared.services.map((s) => s.port)));
  });

  it('the workflows are regenerated: each new service has its path filter and image leg, with no drift', async () => {
    await inCheckout(process.execPath, ['--import', 'tsx', 'workflows/generate.ts', '--check']);
    await inCheckout(process.execPath, ['--import', 'tsx', 'scripts/catalogue/derive.ts', '--check']);
    for (const file of ['pr.yml', 'main.yml']) {
      const workflow = parse(readFileSync(join(root, '.github', 'workflows', file), 'utf8')) as {
        jobs: {
          changes: {
            steps: Array<{ id?: string; with?: { filters?: string }; env?: Record<string, string> }>;
          };
        };
      };
      const steps = workflow.jobs.changes.steps;
      const filters = parse(steps.find((s) => s.id === 'filter')?.with?.filters ?? '') as Record<
        string,
        string[]
      >;
      const legs = JSON.parse(steps.find((s) => s.id === 'services')?.env?.IMAGE_LEGS ?? '{}') as Record<
        string,
        { port: string; include: string }
      >;
      const catalogue = loadCatalogue(root);
      for (const name of names) {
        expect(filters[name]).toContain(`services/${name}/**`);
        expect([file, legs[name]?.port]).toEqual([file, String(catalogue.get(name).port)]);
      }
      expect(legs['scaffolded-api']?.include).toBe('migrations');
      expect(legs['scaffolded-web']?.include).toBe('public');
    }
  });

  it('CODEOWNERS gives each new folder the default owner, and the lock the new workspaces (npm ci would pass)', async () => {
    const owners = parseCodeowners(readFileSync(join(root, '.github', 'CODEOWNERS'), 'utf8'));
    for (const { name } of NEW_SERVICES) expect(owners.get(`/services/${name}/`)).toEqual(owners.get('*'));
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { name?: string; link?: boolean; resolved?: string }>;
    };
    for (const { name } of NEW_SERVICES) {
      expect(lock.packages[`services/${name}`]?.name).toBe(`@delivery/${name}`);
      expect(lock.packages[`node_modules/@delivery/${name}`]).toEqual({
        resolved: `services/${name}`,
        link: true,
      });
    }
    // npm ci checks the lock against every workspace's package.json before it installs anything.
    await inCheckout('npm', [
      'ci',
      '--dry-run',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ]);
  });

  it('lint and typecheck are green on the whole checkout', async () => {
    await inCheckout(join(root, 'node_modules', '.bin', 'biome'), ['check', '.']);
    await inCheckout(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  });

  it("each new service's own first tests pass", async () => {
    const { stdout, stderr } = await inCheckout(
      join(root, 'node_modules', '.bin', 'jest'),
      ['--maxWorkers=2', ...NEW_SERVICES.map((s) => `services/${s.name}/`)],
      { NODE_OPTIONS: '--experimental-vm-modules' },
    );
    const output = `${stdout}${stderr}`;
    for (const file of [
      'scaffolded-api/test/service',
      'scaffolded-api/test/migrations',
      'scaffolded-worker/test/service',
      'scaffolded-web/test/service',
    ])
      expect(output).toContain(`PASS services/${file}.test.ts`);
    const summary = /^Tests: +(.*)$/m.exec(output)?.[1] ?? '';
    expect(summary).toMatch(/^(\d+ skipped, )?\d+ passed, \d+ total$/);
  }, 90_000);

  withPodman(
    "the http-api's image: image-publish's bundle builder builds it, podman runs it, /health and /ready answer",
    async () => {
      const api = loadCatalogue(root).get('scaffolded-api');
      let registry: TestRegistry | undefined;
      let container: RunningContainer | undefined;
      const storage = temporaryStorage();
      const [db, queue, port] = await Promise.all([
        createTestDatabase({ prefix: 'new_service_image' }),
        startFauxqs({ name: `new-service-${Date.now()}` }),
        freePort(),
      ]);
      try {
        registry = await startRegistry();
        const base = (await buildLocalBase(registry.host)).reference;
        const client = new RegistryClient();
        const built = await publishBundle(
          {
            source: { workingDirectory: join(root, api.directory), ...api.build },
            port: api.port,
            base: parseReference(base),
            target: parseRepository(`${registry.host}/shop/${api.name}`),
            platforms: ['linux/amd64'],
            tags: ['new'],
            labels: {},
            created: 1_790_000_000,
            push: true,
          },
          { target: client, base: client },
        );
        const image = `${registry.host}/shop/${api.name}@${built.digest}`;
        await podman(['pull', '--quiet', image], { storage });
        container = runImage(image, {
          storage,
          env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: db.url,
            SQS_ENDPOINT: queue.endpoint,
            SQS_QUEUE_URL: queue.queueUrl,
          },
        });
        const running = container;
        const url = `http://127.0.0.1:${port}`;
        const health = await eventually(async () => {
          const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
          return res.status === 200 ? await res.json() : undefined;
        }, 30_000).catch((error: Error) => {
          throw new Error(`${error.message}\n${running.logs()}`);
        });
        expect(health).toEqual({ status: 'ok' });
        const ready = await fetch(`${url}/ready`);
        expect([ready.status, await ready.json()]).toEqual([
          200,
          { status: 'ready', checks: { database: { ok: true }, queue: { ok: true } } },
        ]);
        const stopped = await running.stop(15);
        expect(stopped.exitCode).toBe(0);
      } finally {
        await container?.stop(1);
        storage.remove();
        await registry?.stop();
        await queue.stop();
        await db.cleanup();
      }
    },
    120_000,
  );
});
