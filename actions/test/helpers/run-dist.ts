// Runs an action's bundled dist/index.js the way a runner does: INPUT_* variables, GITHUB_OUTPUT,
// GITHUB_ENV and GITHUB_STEP_SUMMARY files, and a workspace. Returns what the runner would see.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputEnv, parseFileCommands } from '../../../scripts/lib/runner-protocol.js';

export interface DistRun {
  code: number | null;
  /** stdout and stderr interleaved as the runner's log would show them. */
  log: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
}

export interface DistRunOptions {
  /** Action inputs by their action.yml name, e.g. { 'role-arn': '…' }. */
  inputs?: Record<string, string>;
  /** Extra environment (GITHUB_EVENT_PATH, ACTIONS_ID_TOKEN_REQUEST_URL, PATH, …). */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `actions/<name>/dist/index.js` in a child process and collects its outputs. */
export async function runDist(actionDir: string, options: DistRunOptions = {}): Promise<DistRun> {
  const files = mkdtempSync(join(tmpdir(), 'runner-'));
  const output = join(files, 'output');
  const envFile = join(files, 'env');
  const summary = join(files, 'summary');
  for (const f of [output, envFile, summary]) writeFileSync(f, '');
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    GITHUB_OUTPUT: output,
    GITHUB_ENV: envFile,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: options.cwd ?? files,
    RUNNER_TEMP: files,
    GITHUB_ACTIONS: 'true',
  };
  const child = spawn(process.execPath, [join(actionDir, 'dist', 'index.js')], {
    cwd: options.cwd ?? files,
    env: { ...baseEnv, ...inputEnv(options.inputs ?? {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    code,
    log,
    outputs: parseFileCommands(readFileSync(output, 'utf8')),
    env: parseFileCommands(readFileSync(envFile, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
  };
}
