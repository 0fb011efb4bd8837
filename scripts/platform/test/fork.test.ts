// From a fork to a green local release rehearsal, for real and timed (scripts/platform/fork.ts): a clone of
// HEAD with its node_modules, `npm run init` with flags, `npm run github:setup -- --dry-run` against the
// settings stand-in, `npm run pipeline -- all v0.1.0` (init commits what it wrote). It fails when a command fails, when a
// placeholder survives init, when a workflow reads a variable the dry run would not set, when a file needs a
// hand edit, and when FORKING.md stops showing the commands typed here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPOSITORY_ROOT } from '../../../services/lib/catalogue/names.js';
import { FORK, type ForkRehearsal, rehearseFork, typedCommands } from '../fork.js';

const dir = mkdtempSync(join(tmpdir(), 'fork-rehearsal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Other work may commit while this file runs: the rehearsal is of the commit HEAD was at the start.
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();

let fork: ForkRehearsal;
beforeAll(async () => {
  fork = await rehearseFork(REPOSITORY_ROOT, commit, dir);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      `fork to green release rehearsal in ${seconds(fork.totalMs)}: clone ${seconds(fork.cloneMs)}`,
      ...fork.commands.map((c) => `  ${c.step}: ${seconds(c.ms)} (exit ${c.code})`),
    ].join('\n'),
  );
}, 600_000);

describe('from a fork to a green local release rehearsal', () => {
  it('every typed command passes: init --commit, github:setup --dry-run, pr + main + release', () => {
    for (const c of fork.commands)
      if (c.code !== 0) throw new Error(`${c.command} exited ${c.code}:\n${c.output}`);
    expect(fork.commands.map((c) => c.step)).toEqual(['init', 'github:setup --dry-run', 'pipeline all']);
    expect(fork.commands[0]?.output).toMatch(/^committed \d+ files: [0-9a-f]{7,}$/m);
    const pipeline = fork.commands.at(-1)?.output ?? '';
    expect(pipeline.match(/^Every rehearsed stage passed\.$/gm)).toHaveLength(3);
    expect(pipeline).toMatch(/^pr, main and release passed in \d+\.\d s$/m);
    // Posing as the fork (the release's pull request is the fork's), its images under the prefix.
    expect(pipeline).toContain(`https://github.com/${FORK.repository}/pull/1`);
    expect(pipeline).toMatch(/127\.0\.0\.1:\d+\/shop\/inventory:0\.1\.0 -> sha256:/);
  });

  it('leaves no placeholder of the upstream tree in the configuration', () => {
    expect(fork.placeholders).toEqual([]);
  });

  it('sets every variable and secret a workflow reads, at its job’s scope (github:setup’s dry run)', () => {
    expect(fork.uncovered).toEqual([]);
    expect(fork.settings.variables.length).toBeGreaterThan(10);
    expect(fork.settings.variables.map((v) => v.name)).not.toContain('TFVARS_DEV');
    expect(fork.commands[1]?.output).not.toContain('warning: .github/CODEOWNERS');
  });

  it('needs no hand edit: only what init wrote changed, and nothing after', () => {
    expect(fork.written).toEqual(expect.arrayContaining(['init.values.json', '.github/CODEOWNERS']));
    expect(fork.handEdited).toEqual([]);
    expect(fork.dirtyAfter).toEqual([]);
  });

  it('is what FORKING.md shows, command for command', () => {
    const forking = readFileSync(join(REPOSITORY_ROOT, 'FORKING.md'), 'utf8');
    for (const { command } of typedCommands(REPOSITORY_ROOT, '<files>')) {
      const head = command.split(' -- ')[0]?.split(' --')[0] ?? command;
      expect([head, forking.includes(head)]).toEqual([head, true]);
    }
    expect(forking).toContain(`npm run pipeline -- all ${FORK.release}`);
  });
});
