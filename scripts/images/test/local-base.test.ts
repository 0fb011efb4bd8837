// scripts/images/local-base.sh against a real docker-registry: the same digest on a second run (sorted
// entries, fixed owners and times), a distroless-shaped config, the --build variant's shell and npm as
// umoci unpacks them, and a usage error that pushes nothing. Both images, run by podman, are the Node
// .node-version pins (24 LTS), not the machine's Debian node 20. shellcheck passes on the script.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { podman, podmanUnavailable, temporaryStorage } from '../../lib/podman.js';
import { registryTags, startRegistry, type TestRegistry } from '../../lib/registry.js';
import { buildLocalBase, LOCAL_BASE_SCRIPT, pinnedNodeVersion } from '../local-base.js';

const exec = promisify(execFile);
const pinned = pinnedNodeVersion();
const podmanMissing = await podmanUnavailable();
if (podmanMissing !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${podmanMissing} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED running the local bases: ${podmanMissing}`);
}
let registry: TestRegistry;
let dir: string;
/** The references the build tests pushed, for the run tests. */
const pushed: { runtime?: string; build?: string } = {};

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'local-base-'));
});
afterAll(async () => {
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('local-base.sh', () => {
  it('pushes a distroless-shaped Node.js base pinned by digest, the same digest twice', async () => {
    const first = await buildLocalBase(registry.host);
    expect(first.reference).toMatch(new RegExp(`^${registry.host}/base/node@sha256:[0-9a-f]{64}$`));
    expect(first.summary).toMatch(
      new RegExp(`^local-base: node v${pinned}, \\d+ MB uncompressed, \\d+ MB compressed layer$`),
    );
    pushed.runtime = first.reference;
    expect((await buildLocalBase(registry.host)).reference).toBe(first.reference);
    const { stdout } = await exec('skopeo', [
      'inspect',
      '--tls-verify=false',
      '--config',
      `docker://${first.reference}`,
    ]);
    const config = JSON.parse(stdout) as { os: string; config: Record<string, unknown> };
    expect(config.os).toBe('linux');
    expect(config.config.Entrypoint).toEqual(['/nodejs/bin/node']);
    expect(config.config.Cmd).toBeUndefined();
    expect(config.config.Env).toContain('SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt');
    expect(config.config.Labels).toMatchObject({ 'org.opencontainers.image.version': `v${pinned}` });
  }, 60_000);

  it('--build adds a shell and npm for the Dockerfile build stage', async () => {
    const build = await buildLocalBase(registry.host, { build: true });
    expect(build.reference).toMatch(new RegExp(`^${registry.host}/base/node-build@sha256:`));
    pushed.build = build.reference;
    const layout = join(dir, 'layout');
    await exec('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      `docker://${build.reference}`,
      `oci:${layout}:b`,
    ]);
    execFileSync('umoci', ['unpack', '--image', `${layout}:b`, join(dir, 'unpacked')], { stdio: 'pipe' });
    const rootfs = join(dir, 'unpacked', 'rootfs');
    for (const path of ['bin/sh', 'usr/local/bin/npm', 'usr/local/lib/node_modules/npm/package.json']) {
      expect([path, existsSync(join(rootfs, path))]).toEqual([path, true]);
    }
    // node on PATH for RUN steps: a link to the runtime's node (absolute, resolved inside the image).
    expect(readlinkSync(join(rootfs, 'usr/local/bin/node'))).toBe('/nodejs/bin/node');
  }, 60_000);

  (podmanMissing === undefined ? it : it.skip)(
    'runs the pinned Node in both images under podman, as uid 65532 on a read-only root',
    async () => {
      if (!pushed.runtime || !pushed.build) throw new Error('the build tests above pushed no image');
      const storage = temporaryStorage();
      const run = (image: string, ...args: string[]) =>
        podman(['run', '--rm', '--user', '65532:65532', '--read-only', image, ...args], { storage });
      try {
        // The runtime's entrypoint is node itself, as distroless' is.
        expect((await run(pushed.runtime, '--version')).stdout.trim()).toBe(`v${pinned}`);
        expect((await run(pushed.build, 'node', '--version')).stdout.trim()).toBe(`v${pinned}`);
        // The machine's npm, run by that node inside the build image (the Dockerfile's RUN npm ci).
        expect((await run(pushed.build, 'npm', '--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      } finally {
        storage.remove();
      }
    },
    180_000,
  );

  it('refuses bad usage with exit code 2 and pushes nothing', async () => {
    const attempt = exec('bash', [LOCAL_BASE_SCRIPT, '--verbose', registry.host]);
    await expect(attempt).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
    expect(await registryTags(registry, 'base/node-verbose')).toEqual([]);
  });

  it('passes shellcheck', () => {
    expect(() => execFileSync('shellcheck', [LOCAL_BASE_SCRIPT], { stdio: 'pipe' })).not.toThrow();
  });
});
