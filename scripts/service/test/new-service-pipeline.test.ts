// Done means, for "add a service in one step": a service made by `npm run new:service` in a checkout of this
// commit, committed with no other edit, goes through the three rehearsals as the repository's own services
// do: `npm run pipeline -- pr` (checks), `-- main` (its image built, pushed, run until /ready and pinned in
// dev by the one GitOps commit) and `-- release v0.1.0` (the same digest promoted, the prod tree validated).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../services/lib/test-support/processes.js';
import { overlayKustomizationFile } from '../../gitops/layout.js';
import { checkoutCommit } from '../../images/checkout.js';
import { podmanUnavailable } from '../../lib/podman.js';

const exec = promisify(execFile);
const NAME = 'scaffolded-orders';
const IDENTITY = {
  GIT_AUTHOR_NAME: 'New Comer',
  GIT_AUTHOR_EMAIL: 'newcomer@example.com',
  GIT_COMMITTER_NAME: 'New Comer',
  GIT_COMMITTER_EMAIL: 'newcomer@example.com',
};

const unavailable = await podmanUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: failing instead of skipping)`);
  console.warn(`SKIPPED the rehearsals of a new service: ${unavailable}`);
}
const withPodman = unavailable === undefined ? describe : describe.skip;

const dir = mkdtempSync(join(tmpdir(), 'nsp-'));
const root = join(dir, 'repo');
// Short: podman refuses a run root (<state>/podman/run) longer than 50 characters.
const state = join(dir, 's');
const timings: string[] = [];

/** Runs a command in the checkout as a developer would; rejects with its whole output. */
async function run(args: readonly string[]): Promise<string> {
  const started = Date.now();
  try {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...IDENTITY, JEST_WORKER_ID: undefined, PIPELINE_STATE_DIR: state },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  } finally {
    timings.push(`${args.slice(0, 2).join(' ')} ${Date.now() - started} ms`);
  }
}

const git = (...args: string[]) =>
  exec('git', args, { cwd: root, env: { ...process.env, ...IDENTITY } }).then((r) => r.stdout.trim());

beforeAll(async () => {
  if (unavailable !== undefined) return;
  checkoutCommit(repoRoot, root);
  const out = await run([
    'scripts/service/new.ts',
    NAME,
    '--kind',
    'http-api',
    '--database',
    '--sends',
    `${NAME}-events`,
  ]);
  expect(out).toContain(`new:service: wrote services/${NAME}`);
  await git('add', '-A');
  await git('commit', '-q', '-m', `${NAME}: scaffolded`);
}, 120_000);

afterAll(() => {
  console.log(`a new service through the rehearsals: ${timings.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
});

withPodman('a service made by new:service, committed with no other edit', () => {
  let pinned = '';

  it('passes the PR rehearsal', async () => {
    const out = await run(['scripts/pipeline/rehearse.ts', 'pr']);
    expect(out).toContain('Every rehearsed stage passed.');
  }, 300_000);

  it('main: its image is built, pushed, runs until /ready, and dev pins it in the one GitOps commit', async () => {
    const out = await run(['scripts/pipeline/rehearse.ts', 'main']);
    expect(out).toContain('Every rehearsed stage passed.');
    const ref = new RegExp(
      `\\| ${NAME} \\| (127\\.0\\.0\\.1:\\d+/[a-z0-9-]+/${NAME}@sha256:[0-9a-f]{64}) \\|`,
    ).exec(out);
    expect(ref?.[1]).toBeDefined();
    pinned = ref?.[1]?.split('@')[1] ?? '';
    const dev = await exec('git', [
      '-C',
      join(state, 'remote.git'),
      'show',
      `main:${overlayKustomizationFile('dev')}`,
    ]);
    expect(dev.stdout).toContain(`name: ${NAME}`);
    expect(dev.stdout).toContain(pinned);
  }, 300_000);

  it('release v0.1.0 promotes that same digest and validates the prod tree', async () => {
    const out = await run(['scripts/pipeline/rehearse.ts', 'release', 'v0.1.0']);
    expect(out).toContain('Every rehearsed stage passed.');
    expect(out).toContain(pinned);
    expect(out).toMatch(/validate the prod tree of the bump commit/);
  }, 300_000);
});
