// `builder: bundle` against a real docker-registry, checked by independent readers: skopeo reads the
// manifest, index and config the action pushed, umoci unpacks the image into a file tree. Also: the base's
// layers are mounted across repositories, a second build of the same commit uploads nothing, two
// checkouts of one commit in different directories give one digest, and a two-platform base gives an
// index with both real platforms.
import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkoutCommit, headCommit } from '../../../scripts/images/checkout.js';
import { buildLocalBase } from '../../../scripts/images/local-base.js';
import {
  pushBlob,
  pushManifest,
  registryTags,
  startRegistry,
  type TestRegistry,
} from '../../../scripts/lib/registry.js';
import { InputError } from '../../lib/inputs.js';
import { parseReference, parseRepository } from '../../lib/oci-reference.js';
import { RegistryClient } from '../../lib/oci-registry.js';
import { writeHtpasswd } from '../../test/helpers/registry-auth.js';
import { publishBundle } from '../src/bundle/publish.js';
import { sourceDateEpoch } from '../src/bundle/source-date.js';
import { type Deps, run } from '../src/main.js';
import { contextFor, example } from './helpers/payloads.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const pushMaster = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false);
const sha = String(pushMaster.after);
const exec = promisify(execFile);
/** The bundle inputs the workflows give for our two services (workflows/paths.ts), spelt as a caller would. */
const INVENTORY = {
  'working-directory': 'services/inventory',
  entry: 'src/main.ts',
  port: '8080',
  include: 'migrations',
};
const PRICING = { ...INVENTORY, 'working-directory': 'services/pricing', port: '8081' };

let registry: TestRegistry;
let base: string;
let dir: string;
/** The commit under test, checked out clean (the working tree may change while the tests run). */
let commit: string;
let checkout: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-registry-'));
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  writeFileSync(process.env.GITHUB_OUTPUT, '');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  commit = headCommit(repoRoot);
  checkout = checkoutCommit(repoRoot, join(dir, 'a', 'repo'), commit);
  registry = await startRegistry();
  base = (await buildLocalBase(registry.host)).reference;
}, 60_000);
afterAll(async () => {
  process.env = savedEnv;
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function deps(inputs: Record<string, string>, cwd = checkout, env: NodeJS.ProcessEnv = {}): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    context: contextFor('push', pushMaster, 'refs/heads/master', sha),
    env: { RUNNER_TEMP: dir, ...env },
    docker: {
      run: async () => {
        throw new Error('the bundle builder must not run docker');
      },
    },
    ecr: () => {
      throw new Error('no ECR here');
    },
    clock: () => new Date('2030-01-01T00:00:00Z'),
    cwd,
  };
}

const skopeo = async (args: string[]) =>
  (await exec('skopeo', [...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

describe('the bundle builder against a real registry', () => {
  it('pushes an image that skopeo and umoci read back: digest, media types, config and file tree', async () => {
    // SOURCE_DATE_EPOCH, when given, wins over the commit time (the fallback: bundle-layer.test.ts and
    // the two-checkout test below).
    const created = 1_800_000_000;
    const result = await run(
      deps({ image: `${registry.host}/team/inventory`, builder: 'bundle', base, ...INVENTORY }, checkout, {
        SOURCE_DATE_EPOCH: String(created),
      }),
    );
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.imageRef).toBe(`${registry.host}/team/inventory@${result.digest}`);
    expect(result.tags).toEqual(
      ['master', 'latest', 'sha-6113728'].map((tag) => `${registry.host}/team/inventory:${tag}`),
    );

    const reference = `docker://${registry.host}/team/inventory:sha-6113728`;
    const raw = Buffer.from(await skopeo(['inspect', '--tls-verify=false', '--raw', reference]));
    expect(`sha256:${(await import('node:crypto')).createHash('sha256').update(raw).digest('hex')}`).toBe(
      result.digest,
    );
    const manifest = JSON.parse(raw.toString()) as {
      mediaType: string;
      config: { mediaType: string };
      layers: { mediaType: string }[];
      annotations: Record<string, string>;
    };
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ]);
    expect(manifest.annotations['org.opencontainers.image.base.digest']).toBe(base.split('@')[1]);

    const createdText = new Date(created * 1000).toISOString().replace('.000Z', 'Z');
    const config = JSON.parse(await skopeo(['inspect', '--tls-verify=false', '--config', reference])) as {
      created: string;
      architecture: string;
      os: string;
      config: Record<string, unknown>;
      history: { created: string; created_by: string }[];
    };
    expect(config).toMatchObject({ created: createdText, architecture: 'amd64', os: 'linux' });
    expect(config.config).toMatchObject({
      User: '65532:65532',
      Entrypoint: ['/nodejs/bin/node', '--enable-source-maps', '/app/main.js'],
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {} },
      Labels: {
        'org.opencontainers.image.title': 'inventory',
        'org.opencontainers.image.source': 'https://github.com/Codertocat/Hello-World',
        'org.opencontainers.image.revision': sha,
        'org.opencontainers.image.version': 'master',
        'org.opencontainers.image.created': new Date(created * 1000).toISOString(),
      },
    });
    expect(config.config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', 'PORT=8080']));
    expect(config.history.at(-1)).toEqual({
      created: createdText,
      created_by: 'image-publish bundle: esbuild src/main.ts -> main.js + migrations',
    });
    // Nothing of the build machine: no paths, no host name.
    const configText = JSON.stringify(config);
    expect(configText).not.toContain(checkout);
    expect(configText).not.toContain(tmpdir());

    // umoci unpacks what skopeo copied into an OCI layout: the runtime and the bundle, with fixed metadata.
    const layout = join(dir, 'layout');
    await skopeo(['copy', '--quiet', '--src-tls-verify=false', reference, `oci:${layout}:image`]);
    const unpacked = join(dir, 'unpacked');
    execFileSync('umoci', ['unpack', '--image', `${layout}:image`, unpacked], { stdio: 'pipe' });
    const rootfs = join(unpacked, 'rootfs');
    const main = statSync(join(rootfs, 'app', 'main.js'));
    expect({ uid: main.uid, gid: main.gid, mode: main.mode & 0o7777, mtime: main.mtimeMs / 1000 }).toEqual({
      uid: 0,
      gid: 0,
      mode: 0o644,
      mtime: created,
    });
    expect(statSync(join(rootfs, 'app', 'main.js.map')).isFile()).toBe(true);
    expect(statSync(join(rootfs, 'app', 'migrations')).isDirectory()).toBe(true);
    expect(statSync(join(rootfs, 'nodejs', 'bin', 'node')).mode & 0o111).not.toBe(0);
    expect(lstatSync(join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);
    expect(readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8')).toContain('nonroot:x:65532:65532:');
    const runtime = JSON.parse(readFileSync(join(unpacked, 'config.json'), 'utf8')) as {
      process: { user: { uid: number; gid: number }; args: string[]; cwd: string };
    };
    expect(runtime.process).toMatchObject({
      user: { uid: 65532, gid: 65532 },
      args: ['/nodejs/bin/node', '--enable-source-maps', '/app/main.js'],
      cwd: '/app',
    });
  }, 60_000);

  it("mounts the base's layers from its repository, and a second build of the same commit uploads nothing", async () => {
    const client = new RegistryClient();
    const request = {
      source: {
        workingDirectory: join(checkout, 'services', 'pricing'),
        entry: 'src/main.ts',
        include: ['migrations'],
      },
      port: 8081,
      base: parseReference(base),
      target: parseRepository(`${registry.host}/mounted/pricing`),
      platforms: ['linux/amd64'],
      tags: ['main'],
      labels: {},
      created: sourceDateEpoch({}, checkout),
      push: true,
    };
    const first = await publishBundle(request, { target: client, base: client });
    expect(first.blobs).toEqual({ present: 0, mounted: 1, uploaded: 2 });
    const second = await publishBundle(request, { target: client, base: client });
    expect(second).toMatchObject({ digest: first.digest, blobs: { present: 3, mounted: 0, uploaded: 0 } });
    expect(second.uploadedBytes).toBe(0);
  }, 60_000);

  it('gives one digest for one commit checked out in two different directories', async () => {
    const other = checkoutCommit(repoRoot, join(dir, 'b', 'deeper', 'path', 'repo'), commit);
    const inputs = {
      image: `${registry.host}/repro/inventory`,
      builder: 'bundle',
      base,
      ...INVENTORY,
    };
    const first = await run(deps(inputs, checkout));
    const second = await run(deps(inputs, other));
    expect(second.digest).toBe(first.digest);
    // The commit time, read in each checkout, is every time in the image.
    const config = JSON.parse(
      await skopeo(['inspect', '--tls-verify=false', '--config', `docker://${first.imageRef}`]),
    ) as { created: string };
    expect(Date.parse(config.created) / 1000).toBe(sourceDateEpoch({}, other));
  }, 90_000);

  it('pushes an OCI index over the base index for linux/amd64 and linux/arm64, no unknown platform', async () => {
    // A two-platform base: the local base, and its layers under an arm64 config (the bundle is
    // platform-free, only the base differs; nothing here runs the arm64 image).
    const amd64 = JSON.parse(
      await skopeo(['inspect', '--tls-verify=false', '--raw', `docker://${base}`]),
    ) as { config: { digest: string; size: number }; layers: unknown[] };
    const amd64Config = JSON.parse(
      await skopeo(['inspect', '--tls-verify=false', '--config', `docker://${base}`]),
    ) as Record<string, unknown>;
    const repository = 'base/node';
    const armConfig = await pushBlob(
      registry,
      repository,
      Buffer.from(JSON.stringify({ ...amd64Config, architecture: 'arm64', variant: 'v8' })),
    );
    const armManifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...armConfig },
        layers: amd64.layers,
      }),
    );
    const arm = await pushManifest(
      registry,
      repository,
      `sha256:${(await import('node:crypto')).createHash('sha256').update(armManifest).digest('hex')}`,
      'application/vnd.oci.image.manifest.v1+json',
      armManifest,
    );
    const amd64Bytes = Buffer.from(
      await skopeo(['inspect', '--tls-verify=false', '--raw', `docker://${base}`]),
    );
    const index = await pushManifest(
      registry,
      repository,
      'multi',
      'application/vnd.oci.image.index.v1+json',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: base.split('@')[1],
              size: amd64Bytes.length,
              platform: { os: 'linux', architecture: 'amd64' },
            },
            {
              mediaType: arm.mediaType,
              digest: arm.digest,
              size: arm.bytes.length,
              platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
            },
          ],
        }),
      ),
    );
    const result = await run(
      deps({
        image: `${registry.host}/multi/pricing`,
        builder: 'bundle',
        base: `${registry.host}/${repository}@${index.digest}`,
        ...PRICING,
        platforms: 'linux/amd64,linux/arm64',
      }),
    );
    const raw = JSON.parse(
      await skopeo(['inspect', '--tls-verify=false', '--raw', `docker://${result.imageRef}`]),
    ) as { mediaType: string; manifests: { digest: string; platform: Record<string, string> }[] };
    expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(raw.manifests.map((m) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
    ]);
    for (const [i, entry] of raw.manifests.entries()) {
      const child = `docker://${registry.host}/multi/pricing@${entry.digest}`;
      const config = JSON.parse(await skopeo(['inspect', '--tls-verify=false', '--config', child])) as {
        architecture: string;
        config: { ExposedPorts: object };
      };
      expect(config.architecture).toBe(['amd64', 'arm64'][i]);
      expect(config.config.ExposedPorts).toEqual({ '8081/tcp': {} });
    }
  }, 60_000);

  it.each([
    ['linux/s390x', /base .+ is linux\/amd64, not linux\/s390x/],
    [
      'linux/amd64,linux/arm64',
      /base .+ is a single-platform image: it cannot serve linux\/amd64, linux\/arm64; give an index/,
    ],
  ])('refuses platforms %s that the base cannot serve, and pushes nothing', async (platforms, message) => {
    const image = `${registry.host}/wrong-platform/app`;
    await expect(run(deps({ image, builder: 'bundle', base, ...PRICING, platforms }))).rejects.toThrow(
      message,
    );
    expect(await registryTags(registry, 'wrong-platform/app')).toEqual([]);
  });

  it("copies the base's layers from another registry and pushes with registry-username/password", async () => {
    const password = 'bundle-S3cret-pw';
    const guarded = await startRegistry({
      auth: { htpasswd: { path: writeHtpasswd(dir, { ci: password }) } },
    });
    try {
      const inputs = { image: `${guarded.host}/team/pricing`, builder: 'bundle', base, ...PRICING };
      await expect(run(deps(inputs))).rejects.toThrow(/401|UNAUTHORIZED|unauthorized/);
      const result = await run(deps({ ...inputs, 'registry-username': 'ci', 'registry-password': password }));
      const raw = await skopeo([
        'inspect',
        '--tls-verify=false',
        '--creds',
        `ci:${password}`,
        '--raw',
        `docker://${result.imageRef}`,
      ]);
      const manifest = JSON.parse(raw) as { layers: { digest: string }[] };
      const baseManifest = JSON.parse(
        await skopeo(['inspect', '--tls-verify=false', '--raw', `docker://${base}`]),
      ) as { layers: { digest: string }[] };
      expect(manifest.layers[0]?.digest).toBe(baseManifest.layers[0]?.digest);
    } finally {
      await guarded.stop();
    }
  }, 60_000);

  it.each([
    [{ builder: 'kaniko' }, /Invalid input 'builder': expected docker or bundle/],
    [{ builder: 'bundle', ...INVENTORY }, /Input 'base' is required/],
    [{ builder: 'bundle', base: 'BASE_TAG', ...INVENTORY }, /'base': expected a reference pinned by digest/],
    [
      { builder: 'bundle', base: 'BASE', ...INVENTORY, service: 'inventory' },
      /Invalid input 'service': expected empty with builder bundle/,
    ],
    [{ builder: 'bundle', base: 'BASE', ...INVENTORY, entry: '' }, /Input 'entry' is required/],
    [{ builder: 'bundle', base: 'BASE', ...INVENTORY, port: '' }, /Input 'port' is required/],
    [
      { builder: 'bundle', base: 'BASE', ...INVENTORY, 'working-directory': 'services/checkout' },
      /Invalid input 'working-directory': expected an existing directory/,
    ],
    [{ service: 'Inventory!' }, /Invalid input 'service': expected a name of/],
    [{ entry: 'src/main.ts' }, /Invalid input 'entry': expected empty with builder docker/],
    [{ base: 'BASE_TAG' }, /'base': expected a reference pinned by digest/],
  ])('refuses %j clearly and pushes nothing', async (inputs, message) => {
    const given = Object.fromEntries(
      Object.entries(inputs).map(([key, value]) => [
        key,
        value.replace('BASE_TAG', `${registry.host}/base/node:latest`).replace('BASE', base),
      ]),
    );
    const image = `${registry.host}/refused/app`;
    const attempt = run(deps({ image, ...given }));
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    expect(await registryTags(registry, 'refused/app')).toEqual([]);
  });
});
