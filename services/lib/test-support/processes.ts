// (tests only) Child processes and ports: free ports, spawning TypeScript entry points and bundles,
// waiting for a log line, polling, exit codes. Shared by the services' and the cross-service tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadCatalogue } from '../catalogue/catalogue.js';

/** The repository root. */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** A port on `address` that was free a moment ago: bind port 0, read it, release it. */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export async function listening(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `check` every `everyMs` until it returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms${lastError ? `: ${lastError}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Polls `condition` every `everyMs` until it is true; an error from it fails at once (unlike
 * {@link eventually}, which retries through errors).
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** GET /ready answers 200. */
export async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Runs a TypeScript entry point of the repository as its own process (`node --import tsx`). */
export function spawnTs(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code (or signal name) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

/**
 * Resolves with `pick(line)` for the first line the child writes to stdout for which it is not
 * undefined (JSON log lines: parse and pick a field); rejects with its output if it exits first.
 */
export function logLine<T>(child: ChildProcess, pick: (line: string) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      for (const line of lines.slice(0, -1)) {
        const value = pick(line);
        if (value !== undefined) resolve(value);
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`exited with ${code ?? signal} before the expected line:\n${stdout}${stderr}`)),
    );
  });
}

/** A service declared in `services/<name>/score.yaml` (services/lib/catalogue). */
export type ServiceName = string;

/** Bundles a service as its image does (`node services/build.mjs <service> --outdir <outdir>`). */
export async function bundleService(service: ServiceName, outdir: string): Promise<void> {
  loadCatalogue(repoRoot).get(service); // an undeclared name fails here, naming the declared ones
  await promisify(execFile)(process.execPath, [
    join(repoRoot, 'services', 'build.mjs'),
    service,
    '--outdir',
    outdir,
  ]);
}
