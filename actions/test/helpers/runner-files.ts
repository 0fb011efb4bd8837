// The files a runner gives a step: @actions/core writes outputs to $GITHUB_OUTPUT and the job summary to
// $GITHUB_STEP_SUMMARY. Registers Jest hooks that point both at empty files in a temp dir for the test
// file's run and put the environment back afterwards.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';

export interface RunnerFiles {
  /** The job summary written so far. */
  summary(): string;
  /** Empties both files (core caches their paths, so tests reuse them). */
  reset(): void;
}

export function useRunnerFiles(): RunnerFiles {
  const names = ['GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT'] as const;
  const saved = names.map((name) => process.env[name]);
  let dir = '';
  const reset = () => {
    for (const name of names) writeFileSync(process.env[name] as string, '');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-files-'));
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md');
    process.env.GITHUB_OUTPUT = join(dir, 'output');
    reset();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    names.forEach((name, i) => {
      const value = saved[i];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
  });
  return { summary: () => readFileSync(process.env.GITHUB_STEP_SUMMARY as string, 'utf8'), reset };
}
