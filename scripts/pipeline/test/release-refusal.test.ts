// A release tag on a commit main never merged is refused by the tag job's own script, before the registry,
// the AWS login or the App token: the rehearsal stops there, and nothing after it runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../environment.js';
import { rehearseRelease } from '../release-flow.js';

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-refusal-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('npm run pipeline -- release', () => {
  it('refuses a tag whose commit main has not merged, before any credential', async () => {
    // A commit on no branch at all: HEAD's tree with HEAD as parent.
    const unmerged = execFileSync(
      'git',
      [
        '-C',
        REPO_ROOT,
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@t',
        'commit-tree',
        'HEAD^{tree}',
        '-p',
        'HEAD',
        '-m',
        'never merged',
      ],
      { encoding: 'utf8' },
    ).trim();
    const log: string[] = [];
    const result = await rehearseRelease({
      stateDir,
      commit: unmerged,
      repository: 'example/delivery-platform',
      smoke: false,
      tag: 'v9.9.9',
      write: (line) => log.push(line),
    });
    expect(result.ok).toBe(false);
    expect(result.progress.results.map((s) => [s.name, s.state])).toEqual([
      ['release version', 'ok'],
      ['push tag (bare remote) + checkout', 'ok'],
      ['tag on main (no credentials)', 'failed'],
    ]);
    expect(log.join('\n')).toContain('which main has not merged');
    // The release never moved main to the tagged commit.
    const onMain = execFileSync(
      'git',
      ['-C', join(stateDir, 'remote.git'), 'branch', '--contains', unmerged],
      {
        encoding: 'utf8',
      },
    );
    expect(onMain).not.toContain('main');
  }, 120_000);
});
