// The rehearsal's stand-ins for GitHub and AWS, kept in one state folder (default .data/pipeline) so that
// `main` then `release` see the same registry and the same remote, as on GitHub:
//   registry/   a real docker-registry's storage (ECR's stand-in), served on a remembered free port
//   remote.git  a bare clone of this repository (GitHub's stand-in): main = the rehearsed commit + bumps
//   work/<job>  one checkout per job, like a runner's workspace; node_modules (the root's and each
//               workspace's) hard-linked from this repository's (what `npm ci` gives on GitHub), refreshed
//               when package-lock.json changes
//   state.json  the registry port and the local base image reference
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseReference } from '../../actions/lib/oci-reference.js';
import { RegistryClient } from '../../actions/lib/oci-registry.js';
import { freePort } from '../../services/lib/test-support/processes.js';
import { buildLocalBase, pinnedNodeVersion } from '../images/local-base.js';
import { linkNodeModules } from '../lib/node-modules.js';
import type { PodmanStorage } from '../lib/podman.js';
import { startRegistry, type TestRegistry } from '../lib/registry.js';

const run = promisify(execFile);

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export async function git(dir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

interface SavedState {
  port?: number;
  base?: { host: string; node: string; reference: string };
}

export class StateDir {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  read(): SavedState {
    try {
      return JSON.parse(readFileSync(this.path('state.json'), 'utf8')) as SavedState;
    } catch {
      return {};
    }
  }

  update(change: Partial<SavedState>): void {
    writeFileSync(this.path('state.json'), `${JSON.stringify({ ...this.read(), ...change }, null, 2)}\n`);
  }

  /**
   * The smoke run's podman store: its images in the state folder; its run state (sockets, locks) in a short
   * path of its own, since podman refuses a runroot longer than 50 characters, which a checkout in a deep
   * folder (a fork cloned under the home directory) gives the state folder's.
   */
  podmanStorage(): PodmanStorage {
    const id = createHash('sha256').update(this.dir).digest('hex').slice(0, 12);
    return { root: this.path('podman', 'root'), runroot: join(tmpdir(), `pipeline-podman-${id}`) };
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The registry on its remembered port when that is free: the images name their base by registry host, so
 * one port keeps the digests of one commit the same from run to run. A new port says so.
 */
export async function openRegistry(state: StateDir): Promise<{ registry: TestRegistry; note: string }> {
  const saved = state.read().port;
  const reuse = saved !== undefined && (await portIsFree(saved));
  const port = reuse ? saved : await freePort();
  mkdirSync(state.path('registry'), { recursive: true });
  const registry = await startRegistry({ port, storageDir: state.path('registry') });
  state.update({ port });
  const note =
    saved === undefined || reuse
      ? ''
      : ` (port ${saved} was taken: images name their base by host, so their digests differ from earlier runs)`;
  return { registry, note };
}

/** The local Node.js base (scripts/images/local-base.sh), built once per registry port and pinned node version. */
export async function ensureBase(
  state: StateDir,
  registry: TestRegistry,
): Promise<{ reference: string; built: boolean }> {
  const saved = state.read().base;
  if (saved && saved.host === registry.host && saved.node === pinnedNodeVersion()) {
    const present = await new RegistryClient().headManifest(parseReference(saved.reference));
    if (present?.digest === parseReference(saved.reference).digest)
      return { reference: saved.reference, built: false };
  }
  const base = await buildLocalBase(registry.host);
  state.update({ base: { host: registry.host, node: pinnedNodeVersion(), reference: base.reference } });
  return { reference: base.reference, built: true };
}

/** The commit to rehearse (`rev`, default this repository's HEAD) and whether the work tree has changes it lacks. */
export async function resolveCommit(rev = 'HEAD'): Promise<{ sha: string; dirty: boolean; time: number }> {
  const sha = await git(REPO_ROOT, ['rev-parse', '--verify', `${rev}^{commit}`]).catch(() => {
    throw new Error(`'${rev}' is not a commit of ${REPO_ROOT}`);
  });
  const head = await git(REPO_ROOT, ['rev-parse', 'HEAD']);
  const dirty =
    head === sha && (await git(REPO_ROOT, ['status', '--porcelain', '--untracked-files=no'])) !== '';
  const time = Number(await git(REPO_ROOT, ['log', '-1', '--format=%ct', sha]));
  return { sha, dirty, time };
}

/**
 * The bare remote holds the rehearsed commit. Its main keeps earlier rehearsals' bump commits while they
 * sit on top of this commit; otherwise main is reset to it (this commit is new to the remote).
 */
export async function ensureRemote(
  state: StateDir,
  sha: string,
  /** Make main contain `sha` (a push to main); a release only tags, and never moves main. */
  moveMain = true,
): Promise<{ remote: string; reset: boolean }> {
  const remote = state.path('remote.git');
  if (!existsSync(remote)) await run('git', ['clone', '--quiet', '--bare', REPO_ROOT, remote]);
  await git(remote, ['fetch', '--quiet', REPO_ROOT, `+${sha}:refs/rehearsal/source`]);
  const contains = await git(remote, ['merge-base', '--is-ancestor', sha, 'refs/heads/main']).then(
    () => true,
    () => false,
  );
  if (!contains && moveMain) await git(remote, ['update-ref', 'refs/heads/main', sha]);
  return { remote, reset: !contains && moveMain };
}

/** node_modules as `npm ci` would leave it, hard-linked from this repository's (same files, no copy). */
function ensureNodeModules(workspace: string): void {
  const lock = createHash('sha256')
    .update(readFileSync(join(REPO_ROOT, 'package-lock.json')))
    .digest('hex');
  const marker = join(workspace, 'node_modules', '.rehearsal-lock');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === lock) return;
  // Hard links: the workspace packages (@delivery/*) stay relative symlinks into this checkout's folders.
  linkNodeModules(REPO_ROOT, workspace);
  writeFileSync(marker, lock);
}

/**
 * A job's checkout of the remote, as actions/checkout leaves it: at `sha` detached, or on branch `main`
 * at the remote's tip (`branch`). Anything a previous run left (except node_modules) is cleaned away.
 */
export async function checkout(
  state: StateDir,
  job: string,
  remote: string,
  at: { sha: string } | { branch: 'main' },
  /** Link node_modules in (jobs that run npm scripts or build); the bump and release jobs need none. */
  nodeModules = true,
): Promise<string> {
  const dir = state.path('work', job);
  if (!existsSync(join(dir, '.git'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(state.path('work'), { recursive: true });
    await run('git', ['clone', '--quiet', '--no-checkout', remote, dir]);
  }
  await git(dir, ['fetch', '--quiet', '--prune', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
  if ('sha' in at) await git(dir, ['checkout', '--quiet', '--force', '--detach', at.sha]);
  else await git(dir, ['checkout', '--quiet', '--force', '-B', 'main', 'origin/main']);
  await git(dir, ['clean', '-ffdxq', '-e', 'node_modules']);
  if (nodeModules) ensureNodeModules(dir);
  return dir;
}
