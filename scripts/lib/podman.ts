// Podman as these machines need it (../shared/ARCHITECTURE.md, "Containers on these machines"): a
// containers.conf without default ulimits (named by CONTAINERS_CONF), vfs storage with cgroupfs,
// `build --isolation chroot` and `run --runtime runc`. Used by the image tests, the benches and the
// pipeline rehearsal; every podman call goes through `podman()` so none forgets a setting.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed containers.conf (`[containers] default_ulimits = []`). */
export const CONTAINERS_CONF = fileURLToPath(new URL('../images/containers.conf', import.meta.url));

/** Where podman keeps images and containers; the machine's default store when absent. */
export interface PodmanStorage {
  readonly root: string;
  readonly runroot: string;
}

/** A private image store in a temp dir (so a test's images and containers cannot meet another's). */
export function temporaryStorage(): PodmanStorage & { remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'podman-'));
  return {
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface PodmanCall {
  readonly storage?: PodmanStorage;
  /** @defaultValue 600000 */
  readonly timeoutMs?: number;
}

/** The global options every podman command gets. */
export function podmanGlobalArgs(storage?: PodmanStorage): string[] {
  return [
    '--storage-driver',
    'vfs',
    '--cgroup-manager',
    'cgroupfs',
    ...(storage ? ['--root', storage.root, '--runroot', storage.runroot] : []),
  ];
}

/** The environment podman runs with: this process's plus CONTAINERS_CONF. */
export function podmanEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, CONTAINERS_CONF };
}

/**
 * Adds the per-command settings: `build --isolation chroot`, `run --runtime runc`; plain HTTP for
 * registries (only loopback registries are used here).
 */
export function podmanCommandArgs(args: readonly string[]): string[] {
  const [command, ...rest] = args;
  switch (command) {
    case 'build':
      return ['build', '--isolation', 'chroot', '--tls-verify=false', ...rest];
    case 'run':
    case 'create':
      return [command, '--runtime', 'runc', '--tls-verify=false', ...rest];
    case 'pull':
    case 'push':
      return [command, '--tls-verify=false', ...rest];
    default:
      return [...args];
  }
}

/** Runs `podman <args>` with the machine's settings; resolves with its output, rejects with its stderr. */
export function podman(
  args: readonly string[],
  call: PodmanCall = {},
): Promise<{ stdout: string; stderr: string }> {
  const argv = [...podmanGlobalArgs(call.storage), ...podmanCommandArgs(args)];
  return new Promise((resolve, reject) => {
    execFile(
      'podman',
      argv,
      { env: podmanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: call.timeoutMs ?? 600_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`podman ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * Why podman cannot run here, or undefined when it can: `podman info` in a private store (so a machine
 * store made with another driver does not matter). A missing runc shows up as the run's own error.
 */
export async function podmanUnavailable(): Promise<string | undefined> {
  const storage = temporaryStorage();
  try {
    await podman(['info', '--format', '{{.Host.OCIRuntime.Name}}'], { timeoutMs: 60_000, storage });
    return undefined;
  } catch (error) {
    return `podman cannot run here (${(error as Error).message}); install podman and runc (apt-get install podman runc)`;
  } finally {
    storage.remove();
  }
}

export interface BuildOptions extends PodmanCall {
  /** Build context directory. */
  readonly context: string;
  readonly dockerfile: string;
  /** Local name given to the image, e.g. `localhost/inventory:test`. */
  readonly tag: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Fixes layer and config times (`--timestamp`), e.g. the commit time. */
  readonly timestamp?: number;
  /**
   * Lends the machine's npm cache to the build's RUN steps (`--volume <cache>:/root/.npm`), so `npm ci
   * --prefer-offline` reads packages already downloaded instead of fetching them again.
   */
  readonly npmCache?: boolean;
}

/** The npm cache folder of this machine (npm's default unless npm_config_cache says otherwise). */
export function npmCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_config_cache || join(homedir(), '.npm');
}

/**
 * `podman build` (chroot isolation, host network for the build's own fetches); returns the image id.
 * `--layers=false`: one commit per stage instead of one per instruction, which vfs (a full copy of the
 * root file system per layer) makes expensive; the final image has one layer over its base either way.
 */
export async function buildImage(options: BuildOptions): Promise<string> {
  const args = ['build', '--network', 'host', '--layers=false', '--file', options.dockerfile];
  args.push('--tag', options.tag, '--quiet');
  if (options.npmCache) args.push('--volume', `${npmCacheDir()}:/root/.npm`);
  for (const [name, value] of Object.entries(options.buildArgs ?? {}))
    args.push('--build-arg', `${name}=${value}`);
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp));
  const { stdout } = await podman([...args, options.context], options);
  return stdout.trim().split('\n').pop() ?? '';
}

/** `podman push` to a registry; returns the digest of the manifest pushed. */
export async function pushImage(local: string, destination: string, call: PodmanCall = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'podman-push-'));
  try {
    const digestFile = join(dir, 'digest');
    await podman(['push', '--quiet', '--digestfile', digestFile, local, `docker://${destination}`], call);
    return readFileSync(digestFile, 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunOptions extends PodmanCall {
  readonly env?: Readonly<Record<string, string>>;
  /** Container name. @defaultValue a random `test-…` name */
  readonly name?: string;
  /** @defaultValue '65532:65532' */
  readonly user?: string;
}

export interface RunningContainer {
  readonly name: string;
  /** What the container printed so far (stdout and stderr). */
  logs(): string;
  /** Resolves with the exit code when the container exits on its own or is stopped. */
  readonly exited: Promise<number | null>;
  /**
   * `podman stop -t <graceSeconds>`: SIGTERM, then SIGKILL after the grace period. Resolves with the
   * exit code (137 means it had to be killed) and how long it took.
   */
  stop(graceSeconds?: number): Promise<{ exitCode: number | null; ms: number }>;
}

/**
 * Runs an image the way the platform does: host network, read-only root with a tmpfs /tmp, as uid
 * 65532, removed when it stops. The image must be in the store or pullable (plain HTTP allowed).
 */
export function runImage(image: string, options: RunOptions = {}): RunningContainer {
  const name = options.name ?? `test-${randomBytes(4).toString('hex')}`;
  const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const args = [
    ...podmanGlobalArgs(options.storage),
    ...podmanCommandArgs([
      'run',
      '--rm',
      '--name',
      name,
      '--network',
      'host',
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--user',
      options.user ?? '65532:65532',
      ...env,
      image,
    ]),
  ];
  const child: ChildProcess = spawn('podman', args, { env: podmanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve(null);
    });
  });
  return {
    name,
    logs: () => output,
    exited,
    async stop(graceSeconds = 10) {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) {
        await podman(['stop', '--time', String(graceSeconds), name], options).catch(() => undefined);
      }
      const exitCode = await exited;
      return { exitCode, ms: Date.now() - started };
    },
  };
}

/** Removes local images (ignores those already gone). */
export async function removeImages(images: readonly string[], call: PodmanCall = {}): Promise<void> {
  if (images.length > 0) await podman(['rmi', '--force', '--ignore', ...images], call).catch(() => undefined);
}
