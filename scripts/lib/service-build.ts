// A service's own build script (its package.json `build`: a web front end's writes the files its
// x-build.include ships), as `npm start` runs it before starting the service. The workflows' image jobs
// (workflows/steps.ts serviceBuild), their rehearsal and services/build.mjs run it unconditionally in
// clean checkouts; here, in the working tree, it runs only when its output is missing or older than the
// service's files, and one build at a time per service across processes (two stacks starting together,
// as tests do, never empty the folder the other is serving).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { hasBuildScript, type ServiceDeclaration } from '../../services/lib/catalogue/catalogue.js';

/** Folders that are never a build's input. */
const NOT_INPUTS = new Set(['node_modules', 'dist', 'test', '.vite']);

/** Newest modification time (ms) of the files under `dir`, skipping `skip` (paths relative to `root`). */
function newest(dir: string, root: string, skip: ReadonlySet<string>): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.has(relative(root, path)) || NOT_INPUTS.has(entry.name)) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(path, root, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Oldest modification time (ms) of the files under `path` (a file or folder); 0 when it is missing or empty. */
function oldest(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  const times = readdirSync(path).map((name) => oldest(join(path, name)));
  return times.length === 0 || times.includes(0) ? 0 : Math.min(...times);
}

/** Whether the build's outputs (x-build.include) are all there and newer than every other file of the service. */
export function buildIsFresh(service: ServiceDeclaration, root: string): boolean {
  const dir = join(root, service.directory);
  const outputs = service.build.include.map((path) => oldest(join(dir, path)));
  if (outputs.includes(0)) return false;
  return Math.min(...outputs) >= newest(dir, dir, new Set(service.build.include));
}

/** Runs `fn` holding a lock (a folder: mkdir is atomic) on `key`; a lock older than `staleMs` is taken over. */
async function withLock<T>(key: string, fn: () => Promise<T>, staleMs = 120_000): Promise<T> {
  const lock = join(
    tmpdir(),
    `service-build-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.lock`,
  );
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `npm run build --workspace <directory>` from `root`, with this process's node first on PATH. */
function npmRunBuild(service: ServiceDeclaration, root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--workspace', service.directory], {
      cwd: root,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${service.name}: \`npm run build --workspace ${service.directory}\` exited ${code}:\n${output.trim().split('\n').slice(-20).join('\n')}`,
            ),
          ),
    );
  });
}

/**
 * Runs the service's build script when it has one and its output is not fresh. Resolves with what
 * happened: `none` (no build script), `fresh` (output up to date) or `built`; rejects with the end of the
 * build's output when it fails.
 */
export async function buildServiceIfStale(
  service: ServiceDeclaration,
  root: string,
): Promise<'none' | 'fresh' | 'built'> {
  if (!hasBuildScript(service, root)) return 'none';
  return withLock(join(root, service.directory), async () => {
    if (buildIsFresh(service, root)) return 'fresh';
    await npmRunBuild(service, root);
    return 'built';
  });
}
