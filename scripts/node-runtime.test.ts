// One Node.js everywhere: `.node-version` pins it, and every place that names a Node version follows:
// the tests themselves (run by .ci/run under it), engines and @types/node, the workflows' setup-node,
// the esbuild targets, services/Dockerfile's bases (pinned by digest). .ci/node.sh installs that version
// from the npm registry into a fresh NODE_HOME, finds it there the second time, and refuses a bad pin.
import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  globSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { pinnedNodeVersion } from './images/local-base.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..');
const NODE_SH = join(root, '.ci', 'node.sh');
const pinned = pinnedNodeVersion();
const major = pinned.split('.')[0];
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const json = (path: string) => JSON.parse(read(path)) as Record<string, Record<string, string> | string[]>;
/** PATH with the machine's own directories only: its node (Debian's) is not the pinned one. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the pinned Node.js', () => {
  it('is one exact 24 LTS version in .node-version', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  });

  it('runs these tests (.ci/run puts it first on PATH: export PATH="$(bash .ci/node.sh):$PATH")', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('is what engines and @types/node say, in the root and every workspace', () => {
    // Workspaces are globs (`services/*`): every folder they match that has a package.json, as npm reads them.
    const workspaces = json('package.json').workspaces as string[];
    const manifests = workspaces.flatMap((w) => globSync(`${w}/package.json`, { cwd: root })).sort();
    expect(manifests).toEqual(
      expect.arrayContaining(['services/inventory/package.json', 'services/lib/package.json']),
    );
    for (const manifest of ['package.json', ...manifests]) {
      expect([manifest, (json(manifest).engines as Record<string, string> | undefined)?.node]).toEqual([
        manifest,
        `>=${major}`,
      ]);
    }
    expect((json('package.json').devDependencies as Record<string, string>)['@types/node']).toMatch(
      new RegExp(`^\\^${major}\\.`),
    );
  });

  it('is what every setup-node step of the workflows reads, from .node-version', () => {
    let steps = 0;
    for (const file of readdirSync(join(root, '.github', 'workflows'))) {
      const workflow = parse(read(join('.github', 'workflows', file))) as {
        jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
      };
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('actions/setup-node@')) continue;
          steps++;
          expect([file, step.with]).toEqual([
            file,
            expect.objectContaining({ 'node-version-file': '.node-version' }),
          ]);
          expect([file, step.with?.['node-version']]).toEqual([file, undefined]);
        }
      }
    }
    expect(steps).toBeGreaterThan(0);
  });

  it('is the esbuild target of the actions and the services', () => {
    for (const script of ['scripts/actions/build.mjs', 'actions/image-publish/src/bundle/node-bundle.ts']) {
      expect([script, [...read(script).matchAll(/target: '([^']+)'/g)].map((m) => m[1])]).toEqual([
        script,
        [`node${major}`],
      ]);
    }
  });

  it("is the major of services/Dockerfile's public bases, each pinned by digest", () => {
    const args = Object.fromEntries(
      [...read('services/Dockerfile').matchAll(/^ARG (\w+)=(.+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(args.BUILD_IMAGE).toMatch(new RegExp(`^node:${major}-bookworm-slim@sha256:[0-9a-f]{64}$`));
    expect(args.RUNTIME_IMAGE).toMatch(
      new RegExp(`^gcr\\.io/distroless/nodejs${major}-debian12:nonroot@sha256:[0-9a-f]{64}$`),
    );
  });
});

describe('.ci/node.sh', () => {
  it('installs the pinned node into NODE_HOME when PATH lacks it, then finds it there or on PATH', async () => {
    const home = join(tempDir('node-home-'), 'node');
    const env = { ...process.env, PATH: SYSTEM_PATH, NODE_HOME: home };
    const first = await exec('bash', [NODE_SH], { env, timeout: 120_000 });
    expect(first.stdout.trim()).toBe(join(home, 'bin'));
    expect(execFileSync(join(home, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim()).toBe(
      `v${pinned}`,
    );
    const installedAt = statSync(join(home, 'bin', 'node')).mtimeMs;
    const second = await exec('bash', [NODE_SH], { env });
    expect(second).toEqual({ stdout: `${join(home, 'bin')}\n`, stderr: '' });
    expect(statSync(join(home, 'bin', 'node')).mtimeMs).toBe(installedAt);
    // Nothing half-written is left beside it.
    expect(readdirSync(join(home, '..'))).toEqual(['node']);

    // With that node first on PATH, PATH's is taken and nothing is installed elsewhere.
    const elsewhere = join(tempDir('node-home-'), 'node');
    const onPath = await exec('bash', [NODE_SH], {
      env: { ...process.env, PATH: `${join(home, 'bin')}:${SYSTEM_PATH}`, NODE_HOME: elsewhere },
    });
    expect(onPath.stdout.trim()).toBe(join(home, 'bin'));
    expect(readdirSync(join(elsewhere, '..'))).toEqual([]);
  }, 180_000);

  it.each([['24'], ['v24.1.0'], ['lts/*']])('refuses .node-version %j and installs nothing', async (pin) => {
    const copy = tempDir('node-pin-');
    mkdirSync(join(copy, '.ci'));
    copyFileSync(NODE_SH, join(copy, '.ci', 'node.sh'));
    writeFileSync(join(copy, '.node-version'), `${pin}\n`);
    const home = join(copy, 'home');
    const attempt = exec('bash', [join(copy, '.ci', 'node.sh')], {
      env: { ...process.env, PATH: SYSTEM_PATH, NODE_HOME: home },
    });
    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('.node-version must hold one exact version'),
    });
    expect(readdirSync(copy).sort()).toEqual(['.ci', '.node-version']);
  });

  it('refuses a NODE_HOME that holds something else, and leaves it as it was', async () => {
    const home = tempDir('node-home-');
    writeFileSync(join(home, 'keep.txt'), 'mine');
    const attempt = exec('bash', [NODE_SH], { env: { ...process.env, PATH: SYSTEM_PATH, NODE_HOME: home } });
    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${home} exists and does not hold node v${pinned}`),
    });
    expect(readdirSync(home)).toEqual(['keep.txt']);
    expect(
      readdirSync(join(home, '..')).filter((name) => name.startsWith(`${home.split('/').pop()}.partial`)),
    ).toEqual([]);
  });

  it('passes shellcheck, as .ci/run does', () => {
    expect(() =>
      execFileSync('shellcheck', [NODE_SH, join(root, '.ci', 'run')], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
