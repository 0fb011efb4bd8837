// The service images really run. Both builders, three services: image-publish's `bundle` builder pushes
// to a real docker-registry (after the service's build script, run by the workflow's own step), and
// `podman build` of services/Dockerfile (local bases as build arguments) is pushed beside it. Each image is
// pulled and run by podman as the platform runs it (host network, read-only root with a tmpfs /tmp, uid
// 65532): inventory and pricing against the real PostgreSQL and a fauxqs (/health and /ready answer, a
// stock change written to inventory's container reaches pricing's container, SIGTERM stops each within its
// grace period), the storefront serving its built page; each under 60 MB compressed. Each image is built
// once for the whole file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishBundle } from '../../../actions/image-publish/src/bundle/publish.js';
import { sourceDateEpoch } from '../../../actions/image-publish/src/bundle/source-date.js';
import { parseReference, parseRepository } from '../../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../../actions/lib/oci-registry.js';
import { bearer, createDevIssuer, type DevIssuer } from '../../../services/lib/test-support/auth.js';
import { createTestDatabase, requirePostgres } from '../../../services/lib/test-support/database.js';
import { startFauxqs } from '../../../services/lib/test-support/fauxqs.js';
import { eventually, freePort, repoRoot } from '../../../services/lib/test-support/processes.js';
import { type Service, serviceImage } from '../../../workflows/paths.js';
import {
  podman,
  podmanUnavailable,
  pushImage,
  type RunningContainer,
  removeImages,
  runImage,
  temporaryStorage,
} from '../../lib/podman.js';
import { skopeoInspect, startRegistry, type TestRegistry } from '../../lib/registry.js';
import { checkoutCommit } from '../checkout.js';
import { buildServiceDockerfile } from '../dockerfile.js';
import { buildLocalBase } from '../local-base.js';
import { runServiceBuildStep, serviceSource } from '../service-source.js';

/**
 * The two services whose flow this file checks (a stock change in inventory reaches pricing), and all it
 * builds and runs: those and the storefront, a web front end with a build script. Any other declared
 * service's images come from the same builders and Dockerfile; scripts/service/test/new-service.test.ts
 * runs a new one's.
 */
const FLOW = ['inventory', 'pricing'] as const;
const SERVICES = [...FLOW, 'storefront'] as const;

/** The largest compressed image (config and layers as stored): the images bench's goal (bench/images.bench.ts). */
const MAX_COMPRESSED_BYTES = 60_000_000;

/** Above pricing's SHUTDOWN_TIMEOUT_MS (10 s), as terminationGracePeriodSeconds is. */
const GRACE_SECONDS = 15;

const unavailable = await podmanUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED the image run tests: ${unavailable}`);
}
const suite = unavailable === undefined ? describe : describe.skip;

type Builder = 'bundle' | 'dockerfile';

/** An image's config and layers as the registry stores them (the linux/amd64 one of an index). */
async function compressedBytes(reference: string): Promise<number> {
  type Manifest = { manifests?: { digest: string }[]; config: { size: number }; layers: { size: number }[] };
  const read = async (ref: string) =>
    JSON.parse((await skopeoInspect(ref, { raw: true })).toString()) as Manifest;
  let manifest = await read(reference);
  const [first] = manifest.manifests ?? [];
  if (first) manifest = await read(`${reference.split('@')[0]}@${first.digest}`);
  return manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}

suite('service images run under podman', () => {
  let registry: TestRegistry;
  const storage = temporaryStorage();
  const images = { bundle: {}, dockerfile: {} } as Record<Builder, Record<Service, string>>;
  /** The image a builder made for a service; a missing one fails the test that needs it. */
  const image = (builder: Builder, service: Service): string => {
    const ref = images[builder][service];
    if (ref === undefined) throw new Error(`no ${builder} image of ${service} was built`);
    return ref;
  };
  const timings: string[] = [];
  let issuer: DevIssuer;
  // HEAD checked out clean: both builders build the same source, whatever happens in the working tree.
  const dir = mkdtempSync(join(tmpdir(), 'images-run-'));
  let source: string;

  beforeAll(async () => {
    if (!(await requirePostgres('image run tests'))) throw new Error('PostgreSQL is needed');
    source = checkoutCommit(repoRoot, join(dir, 'repo'));
    registry = await startRegistry();
    issuer = await createDevIssuer();
    let started = Date.now();
    const [runtime, build] = await Promise.all([
      buildLocalBase(registry.host),
      buildLocalBase(registry.host, { build: true }),
    ]);
    timings.push(`local bases ${Date.now() - started} ms (${runtime.summary})`);

    // What the image jobs run before image-publish: the service's build script (the storefront's page).
    started = Date.now();
    for (const service of SERVICES) await runServiceBuildStep(source, service);
    timings.push(`build scripts ${Date.now() - started} ms`);

    started = Date.now();
    const client = new RegistryClient();
    const created = sourceDateEpoch(process.env, source);
    for (const service of SERVICES) {
      const result = await publishBundle(
        {
          ...serviceSource(source, service),
          base: parseReference(runtime.reference),
          target: parseRepository(`${registry.host}/${service}`),
          platforms: ['linux/amd64'],
          tags: ['bundle'],
          labels: { 'org.opencontainers.image.title': service },
          created,
          push: true,
        },
        { target: client, base: client },
      );
      images.bundle[service] = `${registry.host}/${service}@${result.digest}`;
    }
    timings.push(`bundle build+push, all ${Date.now() - started} ms`);

    // Side by side: each build waits on npm and the layers' I/O as much as it computes.
    started = Date.now();
    await Promise.all(
      SERVICES.map(async (service) => {
        const local = `localhost/${service}:dockerfile`;
        await buildServiceDockerfile({
          source,
          service,
          tag: local,
          buildBase: build.reference,
          runtimeBase: runtime.reference,
          created,
          storage,
        });
        const digest = await pushImage(local, `${registry.host}/${service}:dockerfile`, { storage });
        images.dockerfile[service] = `${registry.host}/${service}@${digest}`;
      }),
    );
    timings.push(`podman build+push, all ${Date.now() - started} ms`);
  }, 360_000);

  afterAll(async () => {
    console.log(`image run tests: ${timings.join('; ')}`);
    await removeImages(
      SERVICES.map((service) => `localhost/${service}:dockerfile`),
      { storage },
    );
    await registry?.stop();
    storage.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<Builder>(['bundle', 'dockerfile'])(
    '%s images: pulled, run read-only as 65532, healthy, the flow works, SIGTERM stops them',
    async (builder) => {
      const [db, queue, inventoryPort, pricingPort] = await Promise.all([
        createTestDatabase({ prefix: `images_${builder}` }),
        startFauxqs({ name: `images-${builder}-${Date.now()}` }),
        freePort(),
        freePort(),
      ]);
      const containers: RunningContainer[] = [];
      try {
        for (const service of FLOW) await podman(['pull', '--quiet', image(builder, service)], { storage });
        const common = {
          DATABASE_URL: db.url,
          SQS_ENDPOINT: queue.endpoint,
          SQS_QUEUE_URL: queue.queueUrl,
          AWS_REGION: 'us-east-1',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          DB_POOL_SIZE: '4',
          ...issuer.env,
        };
        const inventory = runImage(image(builder, 'inventory'), {
          storage,
          env: { ...common, PORT: String(inventoryPort) },
        });
        containers.push(inventory);
        const pricing = runImage(image(builder, 'pricing'), {
          storage,
          env: { ...common, PORT: String(pricingPort), SQS_DLQ_URL: queue.dlqUrl },
        });
        containers.push(pricing);
        const urls = {
          inventory: `http://127.0.0.1:${inventoryPort}`,
          pricing: `http://127.0.0.1:${pricingPort}`,
        };

        for (const [service, url] of Object.entries(urls)) {
          const container = service === 'inventory' ? inventory : pricing;
          await eventually(async () => {
            const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
            const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
            return health.status === 200 && ready.status === 200 ? true : undefined;
          }, 30_000).catch((error: Error) => {
            throw new Error(
              `${builder} ${service} never became ready: ${error.message}\n${container.logs()}`,
            );
          });
        }

        const sku = `IMG-${builder.toUpperCase()}-1`;
        const unauthenticated = await fetch(`${urls.inventory}/v1/skus/${sku}/stock`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ onHand: 3 }),
        });
        expect(unauthenticated.status).toBe(401);
        const token = await issuer.sign({ scopes: ['inventory:write'] });
        const put = await fetch(`${urls.inventory}/v1/skus/${sku}/stock`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...bearer(token) },
          body: JSON.stringify({ onHand: 3 }),
        });
        expect([put.status, await put.text()]).toEqual([201, expect.any(String)]);
        const price = await eventually(async () => {
          const res = await fetch(`${urls.pricing}/v1/prices/${sku}`);
          return res.status === 200 ? ((await res.json()) as { seq: number; price: number }) : undefined;
        }, 20_000).catch((error: Error) => {
          throw new Error(`the price never arrived: ${error.message}\n${pricing.logs()}`);
        });
        expect(price).toMatchObject({ seq: 1, price: 1350 }); // default policy, 3 available: +35 %

        for (const container of [pricing, inventory]) {
          const stopped = await container.stop(GRACE_SECONDS);
          expect([container.name, stopped.exitCode]).toEqual([container.name, 0]);
          expect(stopped.ms).toBeLessThan(GRACE_SECONDS * 1000);
        }
      } finally {
        for (const container of containers) await container.stop(1);
        await queue.stop();
        await db.cleanup();
      }
    },
    120_000,
  );

  it.each<Builder>(['bundle', 'dockerfile'])(
    '%s storefront image: run read-only as 65532, it serves its built page, the assets and /config.json',
    async (builder) => {
      const port = await freePort();
      await podman(['pull', '--quiet', image(builder, 'storefront')], { storage });
      const signIn = await createDevIssuer({
        issuer: 'https://auth.example.com/',
        audience: 'https://shop.example',
      });
      const container = runImage(image(builder, 'storefront'), {
        storage,
        env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...signIn.env },
      });
      try {
        const url = `http://127.0.0.1:${port}`;
        await eventually(async () => {
          const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
          return ready.status === 200 ? true : undefined;
        }, 30_000).catch((error: Error) => {
          throw new Error(`${builder} storefront never became ready: ${error.message}\n${container.logs()}`);
        });
        const page = await fetch(`${url}/`);
        const html = await page.text();
        expect([page.status, html]).toEqual([200, expect.stringContaining('<title>Shop</title>')]);
        const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '/assets/missing.js';
        expect((await fetch(`${url}${script}`)).status).toBe(200);
        expect(await (await fetch(`${url}/config.json`)).json()).toMatchObject({
          issuer: 'https://auth.example.com/',
          clientId: 'storefront',
        });
        const stopped = await container.stop(GRACE_SECONDS);
        expect([stopped.exitCode, stopped.ms < GRACE_SECONDS * 1000]).toEqual([0, true]);
      } finally {
        await container.stop(1);
      }
    },
    60_000,
  );

  it('every image stays under 60 MB compressed (the images bench goal)', async () => {
    for (const builder of ['bundle', 'dockerfile'] as const)
      for (const service of SERVICES) {
        const compressed = await compressedBytes(image(builder, service));
        expect([builder, service, compressed < MAX_COMPRESSED_BYTES]).toEqual([builder, service, true]);
        timings.push(`${builder} ${service} ${(compressed / 1e6).toFixed(1)} MB compressed`);
      }
  });

  it('both builders write the same user, entrypoint, working directory and exposed port', async () => {
    const config = async (reference: string) => {
      const { stdout } = await promisify(execFile)('skopeo', [
        'inspect',
        '--tls-verify=false',
        '--config',
        `docker://${reference}`,
      ]);
      const { config: c } = JSON.parse(stdout) as { config: Record<string, unknown> };
      return {
        User: c.User,
        Entrypoint: c.Entrypoint,
        WorkingDir: c.WorkingDir,
        ExposedPorts: c.ExposedPorts,
      };
    };
    for (const service of SERVICES) {
      const bundle = await config(image('bundle', service));
      expect(bundle).toEqual({
        User: '65532:65532',
        Entrypoint: ['/nodejs/bin/node', '--enable-source-maps', '/app/main.js'],
        WorkingDir: '/app',
        ExposedPorts: { [`${serviceImage(service).port}/tcp`]: {} },
      });
      expect(await config(image('dockerfile', service))).toEqual(bundle);
    }
  });
});
