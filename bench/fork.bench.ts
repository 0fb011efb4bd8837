// From a fork to a green local release rehearsal, timed command by command (scripts/platform/fork.ts, the
// path FORKING.md shows): a clone of HEAD with its node_modules, `npm run init` with flags,
// `npm run github:setup -- --dry-run` against the settings stand-in, one commit, `npm run pipeline -- all
// v0.1.0` (pull request, main, release; podman runs each image until /ready). Goal (2 cores): the whole path
// under 2 minutes; at most 5 typed commands and 3 hand-edited files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rehearseFork } from '../scripts/platform/fork.js';
import { REPOSITORY_ROOT } from '../services/lib/catalogue/names.js';
import { type BenchReport, round } from './types.js';

const GOAL_MS = 120_000;

export default async function bench(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fork-'));
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
  }).trim();
  try {
    const fork = await rehearseFork(REPOSITORY_ROOT, commit, dir);
    const failed = fork.commands.find((c) => c.code !== 0);
    if (failed) throw new Error(`${failed.command} exited ${failed.code}:\n${failed.output.slice(-3000)}`);
    const s = (ms: number) => round(ms / 1000, 1);
    return {
      name: 'fork',
      rows: [
        { step: 'clone + node_modules (git clone, npm ci)', seconds: s(fork.cloneMs), typed: 2 },
        ...fork.commands.map((c) => ({ step: c.step, seconds: s(c.ms), typed: 1 })),
        {
          step: `total (goal < ${GOAL_MS / 1000} s)`,
          seconds: s(fork.totalMs),
          typed: 2 + fork.commands.length,
        },
      ],
      notes: [
        `hand-edited files: ${fork.handEdited.length}; files init wrote: ${fork.written.length}; placeholders left: ${fork.placeholders.length}`,
        `github:setup --dry-run would set ${fork.settings.variables.length} variables and ${fork.settings.secrets.length} secrets; reads left unset: ${fork.uncovered.length}`,
        'node_modules are hard links to this checkout’s (what `npm ci` leaves, without the download): the clone row is not an `npm ci` time',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
