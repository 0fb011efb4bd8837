// scripts/images/local-base.sh against a real docker-registry: the same digest on a second run (sorted
// entries, fixed owners and times), a distroless-shaped config, the --build variant's shell and npm as
// umoci unpacks them, and a usage error that pushes nothing. shellcheck passes on the script.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registryTags, startRegistry, type TestRegistry } from '../../lib/registry.js';
import { buildLocalBase, LOCAL_BASE_SCRIPT } from '../local-base.js';

const exec = promisify(execFile);
let registry: TestRegistry;
let dir: string;

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
      /^local-base: node v\d+\.\d+\.\d+, \d+ MB uncompressed, \d+ MB compressed layer$/,
    );
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
  }, 60_000);

  it('--build adds a shell and npm for the Dockerfile build stage', async () => {
    const build = await buildLocalBase(registry.host, { build: true });
    expect(build.reference).toMatch(new RegExp(`^${registry.host}/base/node-build@sha256:`));
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

  it('refuses bad usage with exit code 2 and pushes nothing', async () => {
    const attempt = exec('bash', [LOCAL_BASE_SCRIPT, '--verbose', registry.host]);
    await expect(attempt).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
    expect(await registryTags(registry, 'base/node-verbose')).toEqual([]);
  });

  it('passes shellcheck', () => {
    expect(() => execFileSync('shellcheck', [LOCAL_BASE_SCRIPT], { stdio: 'pipe' })).not.toThrow();
  });
});
