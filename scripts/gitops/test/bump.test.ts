// gitops-bump (its public run(deps), as the pipeline runs it) on this repository's gitops/ tree in a real
// bare remote: pinning both services in apps/dev changes only their digest lines, in one commit, and
// the tree that lands still passes the validator.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { run } from '../../../actions/gitops-bump/src/main.js';
import { defaultBackoff } from '../../../actions/lib/retry.js';
import { changedLines, digest, GitRemote, git } from '../../lib/git-remote.js';
import { overlayDir } from '../layout.js';
import { validateGitops } from '../validate-gitops.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const DEV = overlayDir('dev');
const FILE = `${DEV}/kustomization.yaml`;

/** Every file of the committed gitops/ tree, by repo-relative path. */
function gitopsFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(repoRoot, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(repoRoot, 'gitops'));
  return files;
}

// @actions/core writes outputs and the summary to the runner's files: give it some, restore after.
let runnerDir: string;
const saved = {
  GITHUB_OUTPUT: process.env.GITHUB_OUTPUT,
  GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY,
};
let remote: GitRemote;
beforeAll(() => {
  runnerDir = mkdtempSync(join(tmpdir(), 'gitops-bump-runner-'));
  for (const key of Object.keys(saved) as Array<keyof typeof saved>) {
    process.env[key] = join(runnerDir, key);
    writeFileSync(process.env[key] as string, '');
  }
  remote = new GitRemote(gitopsFiles());
});
afterAll(() => {
  remote?.dispose();
  rmSync(runnerDir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

describe(`gitops-bump on ${DEV}`, () => {
  it('changes only the two digest lines, in one commit, and the result validates', async () => {
    const before = remote.show(FILE);
    const beforeTip = remote.tip();
    const repository = (name: string) =>
      before.match(new RegExp(`- name: ${name}\\n\\s+newName: (\\S+)`))?.[1] as string;
    const workspace = remote.clone();
    const inputs: Record<string, string> = {
      path: DEV,
      images: `inventory=${repository('inventory')}@${digest('b')}\npricing=${repository('pricing')}@${digest('c')}`,
    };
    const outcome = await run({
      input: (name) => inputs[name] ?? '',
      env: { ...process.env, GITHUB_WORKSPACE: workspace },
      backoff: defaultBackoff({ baseMs: 1, maxMs: 5 }),
    });

    expect(outcome.commit).toBe(remote.tip());
    expect(git(remote.bare, ['rev-list', '--count', `${beforeTip}..${remote.tip()}`])).toBe('1');
    expect(git(remote.bare, ['diff', '--name-only', beforeTip, remote.tip()])).toBe(FILE);
    const after = remote.show(FILE);
    const digestLines = before
      .split('\n')
      .flatMap((line, i) => (line.trim().startsWith('digest:') ? [i + 1] : []));
    expect(changedLines(before, after)).toEqual([
      [digestLines[0], `    digest: ${digest('b')}`],
      [digestLines[1], `    digest: ${digest('c')}`],
    ]);

    const landed = remote.clone('landed');
    const result = await validateGitops({ root: join(landed, 'gitops') });
    expect(result.findings).toEqual([]);
    expect(result.rows.find((r) => r.tree === DEV)).toMatchObject({ verdict: 'pass' });
  });
});
