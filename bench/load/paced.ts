// What the service benches share: their processes (started, stopped, their CPU read from /proc), paced load
// from bench/load/generator.ts (its own process, hey's worker model) and the alternation of a floor and a
// target in slices, so both see the same noise of a shared machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { eventually, exited, repoRoot } from '../../services/lib/test-support/processes.js';
import type { LoadResult, LoadSpec } from './generator.js';

/** What one target did under load in a slice (or, merged, in a cell). */
export interface Sample {
  /** Per operation, good or not. */
  latenciesMs: number[];
  ok: number;
  failed: number;
  /** Failed operations by first cause: an HTTP status, `body`, `0` (connection), or the bench's own. */
  failures: Record<string, number>;
  seconds: number;
  /** CPU of each watched process meanwhile, in % of one core (`load`: the generator itself). */
  cpuPercent: Record<string, number>;
  /** Busy share of all the machine's cores meanwhile, %: everything, other users included. */
  machineBusyPercent: number;
}

/** utime + stime of a process in seconds (Linux /proc; 100 ticks per second); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The machine's busy and total CPU ticks since boot (all cores, from /proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const cells = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = cells.reduce((a, b) => a + b, 0);
  const idle = (cells[3] ?? 0) + (cells[4] ?? 0);
  return { busy: total - idle, total };
}

/** Busy share of all cores since `before` (a {@link machineTicks} reading), %. */
export function machineBusySince(before: { busy: number; total: number }): number {
  const now = machineTicks();
  return ((now.busy - before.busy) / Math.max(1, now.total - before.total)) * 100;
}

/**
 * Workers as hey would be given them: 10 at up to 50/s each, more workers above 500/s; or exactly
 * `workers` (the in-flight limit) sharing the rate.
 */
export function workersFor(rate: number, workers?: number): { workers: number; perWorkerRate: number } {
  const count = workers ?? Math.max(10, Math.ceil(rate / 50));
  return { workers: count, perWorkerRate: rate / count };
}

/** Pids to watch: a name each, or a function read at the start and the end of the slice (pids come and go). */
export type Watched = Record<string, number | (() => Promise<number[]>)>;

async function readCpu(watch: Watched): Promise<Record<string, Map<number, number>>> {
  const out: Record<string, Map<number, number>> = {};
  for (const [name, w] of Object.entries(watch)) {
    const pids = typeof w === 'number' ? [w] : await w();
    out[name] = new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
  }
  return out;
}

/** CPU seconds each watched name used between two readings (a pid absent from the first started at 0). */
function cpuBetween(
  before: Record<string, Map<number, number>>,
  after: Record<string, Map<number, number>>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, pids] of Object.entries(after)) {
    let sum = 0;
    for (const [pid, end] of pids) sum += Math.max(0, end - (before[name]?.get(pid) ?? 0));
    used[name] = sum;
  }
  return used;
}

/**
 * Runs the generator for one slice against `spec.url` and reads what it did and the CPU of `watch`.
 * The generator's spec minus what pacing decides (workers, per-worker rate, seconds); `workers` as
 * {@link workersFor} takes it.
 */
export async function runLoad(
  spec: Omit<LoadSpec, 'workers' | 'perWorkerRate' | 'seconds'>,
  rate: number,
  seconds: number,
  watch: Watched,
  workers?: number,
): Promise<Sample> {
  const full: LoadSpec = { ...spec, ...workersFor(rate, workers), seconds };
  const cpuBefore = await readCpu(watch);
  const machineBefore = machineTicks();
  const stdout = await generate(full);
  const machineBusyPercent = machineBusySince(machineBefore);
  const used = cpuBetween(cpuBefore, await readCpu(watch));
  const out = JSON.parse(stdout) as LoadResult;
  const cpuPercent: Record<string, number> = { load: (out.cpuSeconds / out.seconds) * 100 };
  for (const [name, s] of Object.entries(used)) cpuPercent[name] = (s / out.seconds) * 100;
  const failed = Object.values(out.failures).reduce((n, c) => n + c, 0);
  return {
    latenciesMs: out.latencies,
    ok: out.ok,
    failed,
    failures: out.failures,
    seconds: out.seconds,
    cpuPercent,
    machineBusyPercent,
  };
}

/** Runs the generator with `spec` on its stdin; its stdout (stderr shown). */
function generate(spec: LoadSpec): Promise<string> {
  const child = spawn(process.execPath, ['bench/load/generator.ts'], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stdin.end(JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString())
        : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

/** One sample of several slices: counts added, CPU averaged over their time. */
export function merge(samples: Sample[]): Sample {
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const weighted = (pick: (s: Sample) => number | undefined) =>
    samples.reduce((n, s) => n + (pick(s) ?? 0) * s.seconds, 0) / seconds;
  const failures: Record<string, number> = {};
  for (const s of samples)
    for (const [cause, n] of Object.entries(s.failures)) failures[cause] = (failures[cause] ?? 0) + n;
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.cpuPercent)))];
  return {
    latenciesMs: samples.flatMap((s) => s.latenciesMs),
    ok: samples.reduce((n, s) => n + s.ok, 0),
    failed: samples.reduce((n, s) => n + s.failed, 0),
    failures,
    seconds,
    cpuPercent: Object.fromEntries(names.map((name) => [name, weighted((s) => s.cpuPercent[name])])),
    machineBusyPercent: weighted((s) => s.machineBusyPercent),
  };
}

/** Runs `a` and `b` in alternating slices (a b, b a, a b, ...); returns each one's slices. */
export async function alternate<A, B>(
  slices: number,
  a: () => Promise<A>,
  b: () => Promise<B>,
): Promise<[A[], B[]]> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < slices; i += 1) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [as, bs];
}

/**
 * Starts a TypeScript entry as its own process (`node [nodeArgs] --import tsx entry`) with only `env`
 * (plus PATH and HOME), stdout dropped, stderr shown, and waits until `isReady`.
 */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  isReady: () => Promise<boolean>,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    return (await isReady()) ? true : undefined;
  }, 60_000);
  return child;
}

/** SIGTERM (a graceful stop, which also writes a `--cpu-prof` profile), then waits for the exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited(child);
}
