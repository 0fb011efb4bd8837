// Runs one of our actions the way a GitHub runner does: `node actions/<name>/dist/index.js` (the committed
// bundle the workflow runs) with INPUT_* variables, the GITHUB_* context, and the runner's file commands
// (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY), read back after the step.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { LocalAction } from '../../workflows/model.js';
import { inputEnv, parseFileCommands } from '../lib/runner-protocol.js';

/**
 * Where the actions' bundles are: the checkout's own `actions/` (as `uses: ./actions/<name>` on GitHub),
 * or PIPELINE_ACTIONS_DIR (e.g. this work tree's `actions`, to rehearse an action change before committing).
 */
export function actionsDir(workspace: string): string {
  return process.env.PIPELINE_ACTIONS_DIR || join(workspace, 'actions');
}

export interface StepRun {
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** stdout and stderr as the runner's log would show them. */
  readonly log: string;
}

export interface JobContext {
  /** The checkout the step runs in (GITHUB_WORKSPACE). */
  readonly workspace: string;
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly repository: string;
  /** The event payload (written to GITHUB_EVENT_PATH). */
  readonly payload: Record<string, unknown>;
  /** More environment (step `env:`, GITHUB_API_URL, SOURCE_DATE_EPOCH, …). */
  readonly env?: Readonly<Record<string, string>>;
}

export class StepFailed extends Error {
  constructor(
    readonly action: string,
    readonly log: string,
    code: number | null,
  ) {
    // The runner shows `::error::` lines as the step's failure; quote them first.
    const errors = log
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .map((l) => l.replace(/^::error[^:]*::/, '').replaceAll('%0A', '\n'));
    super(
      `${action} failed (exit ${code}): ${errors.join('; ') || log.trim().split('\n').slice(-5).join('\n')}`,
    );
  }
}

/**
 * Runs a shell script in the workspace as a `run:` step would (bash -eo pipefail, CI=true, the step's
 * `env` on top); resolves with its output, throws with the end of it.
 */
export function runScript(
  workspace: string,
  command: string,
  options: { env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', command], {
      cwd: workspace,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // Tools colour their output even into a pipe (tsc): plain text for the progress line.
    const plain = () => stripVTControlCharacters(output);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(
            new Error(`\`${command}\` exited ${code}:\n${plain().trim().split('\n').slice(-15).join('\n')}`),
          ),
    );
  });
}

/** Runs `actions/<action>/dist/index.js` with these inputs; throws StepFailed when it fails. */
export async function runAction(
  action: LocalAction,
  inputs: Readonly<Record<string, string>>,
  job: JobContext,
): Promise<StepRun> {
  const files = mkdtempSync(join(tmpdir(), 'pipeline-step-'));
  const path = (name: string) => join(files, name);
  for (const name of ['output', 'env', 'summary', 'path']) writeFileSync(path(name), '');
  writeFileSync(path('event.json'), JSON.stringify(job.payload));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_EVENT_NAME: job.eventName,
    GITHUB_EVENT_PATH: path('event.json'),
    GITHUB_REF: job.ref,
    GITHUB_SHA: job.sha,
    GITHUB_REPOSITORY: job.repository,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: path('output'),
    GITHUB_ENV: path('env'),
    GITHUB_PATH: path('path'),
    GITHUB_STEP_SUMMARY: path('summary'),
    RUNNER_TEMP: files,
    ...job.env,
    ...inputEnv(inputs),
  };
  try {
    const child = spawn(process.execPath, [join(actionsDir(job.workspace), action, 'dist', 'index.js')], {
      cwd: job.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new StepFailed(action, log, code);
    return {
      outputs: parseFileCommands(readFileSync(path('output'), 'utf8')),
      summary: readFileSync(path('summary'), 'utf8'),
      log,
    };
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}
