// Runs run() in this process as a runner would see it: INPUT_* variables, runner files, stdout captured.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { inputEnv, parseFileCommands } from '../../../scripts/lib/runner-protocol.js';

export interface InProcessRun {
  /** What the step printed (workflow commands included). */
  log: () => string;
  outputs: () => Record<string, string>;
  env: () => Record<string, string>;
  summary: () => string;
  restore: () => void;
}

/** Sets inputs and environment for one in-process run; `restore` puts process.env and stdout back. */
export function prepareRun(
  inputs: Record<string, string>,
  env: Record<string, string | undefined>,
): InProcessRun {
  const saved = { ...process.env };
  const files = mkdtempSync(join(tmpdir(), 'aws-oidc-login-'));
  const paths = {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
  };
  for (const path of Object.values(paths)) writeFileSync(path, '');
  for (const key of Object.keys(process.env)) {
    if (
      key.startsWith('INPUT_') ||
      key.startsWith('ACTIONS_') ||
      key.startsWith('AWS_') ||
      key.startsWith('GITHUB_')
    ) {
      delete process.env[key];
    }
  }
  Object.assign(process.env, paths, inputEnv(inputs));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let log = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += String(chunk);
    return true;
  });
  return {
    log: () => log,
    outputs: () => parseFileCommands(readFileSync(paths.GITHUB_OUTPUT, 'utf8')),
    env: () => parseFileCommands(readFileSync(paths.GITHUB_ENV, 'utf8')),
    summary: () => readFileSync(paths.GITHUB_STEP_SUMMARY, 'utf8'),
    restore: () => {
      write.mockRestore();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}
