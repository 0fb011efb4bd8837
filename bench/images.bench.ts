// The two ways to make a service image, in one run, for both services, against a local docker-registry:
// image-publish's `bundle` builder (esbuild bundle as a layer on the base, pushed through the registry
// API) beside `podman build` + `podman push` of services/Dockerfile (the baseline: what a Dockerfile
// build costs on this daemonless machine; vfs storage, chroot isolation, a fresh image store per build
// as on a fresh runner, the machine's npm cache lent to `npm ci`). Then a second bundle build of the same
// commit, which must give the same digest and upload nothing.
// Wall time, CPU (this process plus every child it waited for: podman and its RUN steps; not esbuild,
// whose JS API runs it in a child never waited for), compressed size (the manifest's blobs) and
// uncompressed size (the layers' tar bytes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { publishBundle } from '../actions/image-publish/src/bundle/publish.js';
import { sourceDateEpoch } from '../actions/image-publish/src/bundle/source-date.js';
import { getBlob } from '../actions/lib/oci-blobs.js';
import { parseReference, parseRepository } from '../actions/lib/oci-reference.js';
import { RegistryClient } from '../actions/lib/oci-registry.js';
import { checkoutCommit } from '../scripts/images/checkout.js';
import { buildServiceDockerfile } from '../scripts/images/dockerfile.js';
import { buildLocalBase } from '../scripts/images/local-base.js';
import { runServiceBuildStep, serviceSource } from '../scripts/images/service-source.js';
import { pushImage, removeImages, temporaryStorage } from '../scripts/lib/podman.js';
import { startRegistry } from '../scripts/lib/registry.js';
import { SERVICES } from '../workflows/paths.js';
import { type BenchReport, round } from './types.js';

const repoRoot = join(import.meta.dirname, '..');

const MB = 1_000_000;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds used so far by this process and by every child process it has waited for. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5) (cutime, cstime) are at 13 and 14 after the state field.
  const children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  return (own.user + own.system) / 1e6 + children;
}

async function measure<T>(work: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu = cpuSeconds();
  const started = performance.now();
  const value = await work();
  return { value, wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu };
}

export default async function bench(): Promise<BenchReport> {
  // HEAD checked out clean, so both builders see the same source (not the working tree's edits).
  const workDir = mkdtempSync(join(tmpdir(), 'images-bench-'));
  const source = checkoutCommit(repoRoot, join(workDir, 'repo'));
  const registry = await startRegistry();
  const client = new RegistryClient();
  const uncompressedCache = new Map<string, number>();

  /** Compressed (config + layers as stored) and uncompressed (config + layer tars) bytes of an image. */
  async function sizes(reference: string): Promise<{ compressed: number; uncompressed: number }> {
    const ref = parseReference(reference);
    const manifest = JSON.parse((await client.getManifest(ref)).bytes.toString()) as {
      config: { size: number };
      layers: { digest: string; size: number }[];
    };
    let compressed = manifest.config.size;
    let uncompressed = manifest.config.size;
    for (const layer of manifest.layers) {
      compressed += layer.size;
      let size = uncompressedCache.get(layer.digest);
      if (size === undefined) {
        size = gunzipSync(await getBlob(client, ref, layer.digest)).length;
        uncompressedCache.set(layer.digest, size);
      }
      uncompressed += size;
    }
    return { compressed, uncompressed };
  }

  try {
    const [runtime, build] = await Promise.all([
      buildLocalBase(registry.host),
      buildLocalBase(registry.host, { build: true }),
    ]);
    const created = sourceDateEpoch(process.env, source);
    const rows: BenchReport['rows'] = [];
    const goals: string[] = [];
    for (const service of SERVICES) {
      // What the image jobs run before image-publish: the service's build script (the storefront's page).
      await runServiceBuildStep(source, service);
      const request = {
        ...serviceSource(source, service),
        base: parseReference(runtime.reference),
        target: parseRepository(`${registry.host}/bench/${service}`),
        platforms: ['linux/amd64'],
        tags: ['bundle'],
        labels: { 'org.opencontainers.image.title': service },
        created,
        push: true,
      };
      const bundle = await measure(() => publishBundle(request, { target: client, base: client }));
      const again = await measure(() => publishBundle(request, { target: client, base: client }));

      const storage = temporaryStorage();
      const local = `localhost/bench-${service}:dockerfile`;
      let dockerfileDigest = '';
      const dockerfile = await measure(async () => {
        await buildServiceDockerfile({
          source,
          service,
          tag: local,
          buildBase: build.reference,
          runtimeBase: runtime.reference,
          created,
          storage,
        });
        dockerfileDigest = await pushImage(local, `${registry.host}/bench/${service}:dockerfile`, {
          storage,
        });
      });
      await removeImages([local], { storage });
      storage.remove();

      const images = {
        bundle: `${registry.host}/bench/${service}@${bundle.value.digest}`,
        dockerfile: `${registry.host}/bench/${service}@${dockerfileDigest}`,
      };
      const size = { bundle: await sizes(images.bundle), dockerfile: await sizes(images.dockerfile) };
      const row = (
        path: string,
        m: { wall: number; cpu: number },
        s: { compressed: number; uncompressed: number },
        uploaded: number | string,
        digest: string,
      ) => ({
        service,
        path,
        'wall s': round(m.wall, 2),
        'cpu s': round(m.cpu, 2),
        'wall vs dockerfile': round(m.wall / dockerfile.wall, 3),
        'compressed MB': round(s.compressed / MB, 1),
        'uncompressed MB': round(s.uncompressed / MB, 1),
        'uploaded MB': typeof uploaded === 'number' ? round(uploaded / MB, 2) : uploaded,
        digest: digest.slice(7, 19),
      });
      rows.push(
        row('podman build+push (baseline)', dockerfile, size.dockerfile, 'n/a', dockerfileDigest),
        row('bundle build+push', bundle, size.bundle, bundle.value.uploadedBytes, bundle.value.digest),
        row('bundle again, same commit', again, size.bundle, again.value.uploadedBytes, again.value.digest),
      );
      const ratio = bundle.wall / dockerfile.wall;
      goals.push(
        `${service}: bundle wall ${round(ratio, 3)}x the Dockerfile path (goal <= 0.25: ${ratio <= 0.25 ? 'met' : 'MISSED'}); ` +
          `compressed ${round(size.bundle.compressed / MB, 1)} MB (goal < 60: ${size.bundle.compressed < 60 * MB ? 'met' : 'MISSED'}); ` +
          `same digest twice: ${again.value.digest === bundle.value.digest ? 'yes' : 'NO'}, ` +
          `second build uploaded ${again.value.blobs.uploaded} blobs (${again.value.uploadedBytes} bytes)`,
      );
    }
    return {
      name: 'images',
      rows,
      notes: [
        ...goals,
        `base: ${runtime.summary} (${runtime.reference.split('@')[1]?.slice(0, 19)})`,
        'bundle: image-publish publishBundle in process; its wall time includes esbuild, its CPU does not (esbuild runs through its JS API in a long-lived child that is never waited for); the base layer is mounted from the base repository, not uploaded',
        'baseline: podman build --layers=false (vfs, chroot isolation) from a fresh image store (bases pulled from the registry) with the npm cache lent to npm ci, then podman push',
        'CPU: this process plus the children it waited for (/proc/self/stat cutime+cstime); wall and CPU are measured in this one run, the ratio is the figure to compare',
      ],
    };
  } finally {
    await registry.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
