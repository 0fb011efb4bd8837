// A declared service as its own Node process for `npm start`: started on a port, ready once it answers
// /health, stopped as Kubernetes stops a pod (SIGTERM, then SIGKILL after a bound).
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/** How long a service may take to stop after SIGTERM before it is killed (its own drain bound is 10 s). */
export const SERVICE_STOP_MS = 15_000;

/** A port that was free a moment ago, for a service asked to listen on port 0. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `entry` (`services/<name>/src/main.ts`, relative to `root`) as its own process with `serviceEnv` on `port`; resolves
 * once it answers `/health`, rejects with its output if it exits first. Its log lines go to `forward`.
 */
export async function startService(
  root: string,
  name: string,
  entry: string,
  port: number,
  serviceEnv: Record<string, string | undefined>,
  forward: (chunk: Buffer) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const listenOn = port === 0 ? await freePort() : port;
  // The service sees this shell's environment with the stack's values on top; `undefined` removes a variable.
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...serviceEnv, PORT: String(listenOn) }))
    if (value !== undefined && !(key in serviceEnv && serviceEnv[key] === undefined)) childEnv[key] = value;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', forward);
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${listenOn}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before serving:\n${output}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after {@link SERVICE_STOP_MS}; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), SERVICE_STOP_MS);
  await exited;
  clearTimeout(kill);
}
