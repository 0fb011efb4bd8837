// The bundle builder's pure parts: a layer's bytes depend on its files and the source date only (read
// back with tar-stream's parser), its config keeps the base's settings and refuses a base that is not
// Node.js, and SOURCE_DATE_EPOCH is taken from the environment or the commit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import tar from 'tar-stream';
import type { PlatformBase } from '../src/bundle/base-image.js';
import { imageConfig, nodeOf } from '../src/bundle/image-config.js';
import { buildLayer } from '../src/bundle/layer.js';
import { sourceDateEpoch } from '../src/bundle/source-date.js';

const files = [
  { path: 'app/migrations/001_init.sql', content: Buffer.from('create table t ();\n') },
  { path: 'app/main.js', content: Buffer.from('console.log(1)\n') },
  { path: 'app/main.js.map', content: Buffer.from('{}') },
];

async function entries(blob: Buffer) {
  const extract = tar.extract();
  const seen: Record<string, unknown>[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const { name, type, mode, uid, gid, uname, gname, mtime } = entry.header;
      seen.push({ name, type, mode, uid, gid, uname, gname, mtime: mtime?.getTime() });
      entry.resume();
    }
  })();
  extract.end(gunzipSync(blob));
  await done;
  return seen;
}

describe('buildLayer', () => {
  it('writes sorted entries with their directories, owner 0:0, fixed modes and the source date', async () => {
    const layer = await buildLayer(files, 1_700_000_000);
    const fixed = { uid: 0, gid: 0, uname: '', gname: '', mtime: 1_700_000_000_000 };
    expect(await entries(layer.blob)).toEqual([
      { name: 'app/', type: 'directory', mode: 0o755, ...fixed },
      { name: 'app/main.js', type: 'file', mode: 0o644, ...fixed },
      { name: 'app/main.js.map', type: 'file', mode: 0o644, ...fixed },
      { name: 'app/migrations/', type: 'directory', mode: 0o755, ...fixed },
      { name: 'app/migrations/001_init.sql', type: 'file', mode: 0o644, ...fixed },
    ]);
    expect(layer.diffId).not.toBe(layer.digest);
  });

  it('gives the same bytes for the same files in any order, and other bytes for another date or content', async () => {
    const first = await buildLayer(files, 1_700_000_000);
    const reversed = await buildLayer([...files].reverse(), 1_700_000_000);
    expect(reversed.digest).toBe(first.digest);
    expect(reversed.blob.equals(first.blob)).toBe(true);
    expect((await buildLayer(files, 1_700_000_001)).digest).not.toBe(first.digest);
    const changed = files.map((f, i) => (i === 1 ? { ...f, content: Buffer.from('console.log(2)\n') } : f));
    expect((await buildLayer(changed, 1_700_000_000)).digest).not.toBe(first.digest);
  });

  it.each([['/'], ['../etc/passwd'], ['app//x'], ['app/./x']])('refuses the path %s', async (path) => {
    await expect(buildLayer([{ path, content: Buffer.from('') }], 0)).rejects.toThrow(
      /not a plain relative path/,
    );
  });

  it('refuses a path given twice, and a file that is also a directory', async () => {
    const twice = [files[1], files[1]] as typeof files;
    await expect(buildLayer(twice, 0)).rejects.toThrow(/given twice/);
    const clash = [{ path: 'app', content: Buffer.from('') }, files[1]] as typeof files;
    await expect(buildLayer(clash, 0)).rejects.toThrow(/both a file and a directory/);
  });
});

const base = (config: Record<string, unknown>): PlatformBase => ({
  platform: { os: 'linux', architecture: 'amd64' },
  digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
  layers: [],
  config: { architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: ['sha256:aa'] } },
});

describe('imageConfig', () => {
  const settings = {
    created: 0,
    port: 8081,
    workingDir: 'app',
    main: 'main.js',
    labels: { 'org.opencontainers.image.title': 'pricing' },
    createdBy: 'image-publish bundle: esbuild src/main.ts -> main.js + migrations',
  };
  const layer = { blob: Buffer.alloc(0), digest: 'sha256:bb', diffId: 'sha256:cc', uncompressedSize: 0 };

  it("keeps the base's environment and labels, replaces PORT, drops Cmd and appends the layer", () => {
    const config = JSON.parse(
      imageConfig(
        base({
          Entrypoint: ['/nodejs/bin/node'],
          Cmd: ['x.js'],
          Env: ['PATH=/bin', 'PORT=1', 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'],
          Labels: { maintainer: 'base' },
        }),
        layer,
        settings,
        'base',
      ).bytes.toString(),
    );
    expect(config.created).toBe('1970-01-01T00:00:00Z');
    expect(config.config).toEqual({
      Entrypoint: ['/nodejs/bin/node', '--enable-source-maps', '/app/main.js'],
      Env: [
        'PATH=/bin',
        'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
        'NODE_ENV=production',
        'PORT=8081',
      ],
      ExposedPorts: { '8081/tcp': {} },
      Labels: { maintainer: 'base', 'org.opencontainers.image.title': 'pricing' },
      User: '65532:65532',
      WorkingDir: '/app',
    });
    expect(config.rootfs.diff_ids).toEqual(['sha256:aa', 'sha256:cc']);
  });

  it.each([[{}], [{ Entrypoint: ['/docker-entrypoint.sh'] }], [{ Entrypoint: ['/usr/bin/node', 'x'] }]])(
    'refuses a base whose entrypoint is not node alone: %j',
    (config) => {
      expect(() => nodeOf(base(config).config, 'registry/base@sha256:00')).toThrow(
        /base registry\/base@sha256:00 must be a Node\.js image whose entrypoint is the node binary alone/,
      );
    },
  );
});

describe('sourceDateEpoch', () => {
  it('takes SOURCE_DATE_EPOCH, else the commit time, and names a bad value', () => {
    const repo = mkdtempSync(join(tmpdir(), 'source-date-'));
    try {
      expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '42' }, repo)).toBe(42);
      expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: 'yesterday' }, repo)).toThrow(
        /SOURCE_DATE_EPOCH must be/,
      );
      expect(() => sourceDateEpoch({}, repo)).toThrow(/no SOURCE_DATE_EPOCH and no commit time/);
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
      git('init', '--quiet');
      writeFileSync(join(repo, 'f'), 'x');
      git('add', 'f');
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'x'], {
        cwd: repo,
        env: { ...process.env, GIT_COMMITTER_DATE: '@1234567890 +0000', GIT_AUTHOR_DATE: '@1 +0000' },
      });
      expect(sourceDateEpoch({}, repo)).toBe(1_234_567_890);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
