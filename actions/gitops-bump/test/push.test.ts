// push mode against a real bare remote, in process (run(deps)); the concurrency test runs the dist.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  changedLines,
  digest,
  GitRemote,
  git,
  OVERLAY,
  OVERLAY_KUSTOMIZATION,
} from '../../../scripts/lib/git-remote.js';
import { backoffDelay, defaultBackoff } from '../../lib/retry.js';
import { useRunnerFiles } from '../../test/helpers/runner-files.js';
import { Git } from '../src/git.js';
import { type Deps, run } from '../src/main.js';

const FILE = `${OVERLAY}/kustomization.yaml`;
const REPO = 'registry.example.com/shop';
const FAST = defaultBackoff({ baseMs: 1, maxMs: 5 });

useRunnerFiles();

const remotes: GitRemote[] = [];
afterEach(() => {
  for (const remote of remotes.splice(0)) remote.dispose();
});
function remote(): GitRemote {
  const r = new GitRemote();
  remotes.push(r);
  return r;
}

function deps(workspace: string, inputs: Record<string, string>, extra: Partial<Deps> = {}): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    env: { ...process.env, GITHUB_WORKSPACE: workspace },
    backoff: FAST,
    ...extra,
  };
}

/** A Git whose pushes are each preceded by someone else's push to main: the remote always just moved. */
function racingGit(r: GitRemote, races: number, edit: (n: number, text: string) => string) {
  let pushes = 0;
  return (dir: string, env: NodeJS.ProcessEnv) =>
    new (class extends Git {
      override async push(commit: string, branch: string): Promise<void> {
        pushes++;
        if (pushes <= races)
          r.pushOtherCommit(FILE, (text) => edit(pushes, text), `Concurrent change ${pushes}`);
        return super.push(commit, branch);
      }
    })(dir, env);
}

describe('push mode', () => {
  it('commits only the changed line as the Actions bot and pushes it to the current branch', async () => {
    const r = remote();
    const ws = r.clone();
    const before = r.tip();
    const outcome = await run(
      deps(ws, { path: OVERLAY, images: `inventory=${REPO}/inventory@${digest('a')}` }),
    );

    expect(outcome.commit).toBe(r.tip());
    expect(git(r.bare, ['rev-parse', `${r.tip()}^`])).toBe(before);
    expect(changedLines(OVERLAY_KUSTOMIZATION, r.show(FILE))).toEqual([[13, `  digest: ${digest('a')}`]]);
    expect(git(r.bare, ['log', '-1', '--format=%an <%ae>|%cn|%s'])).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]|' +
        `chore(gitops): bump inventory in ${OVERLAY}`,
    );
    expect(git(r.bare, ['diff', '--name-only', `${before}`, r.tip()])).toBe(FILE);
    // The workspace ends at the pushed commit, clean, with no scratch ref left behind.
    expect(git(ws, ['rev-parse', 'HEAD'])).toBe(r.tip());
    expect(git(ws, ['status', '--porcelain'])).toBe('');
    expect(git(ws, ['for-each-ref', 'refs/gitops-bump'])).toBe('');
  });

  it('makes no commit and leaves the remote alone when everything is already pinned', async () => {
    const r = remote();
    const ws = r.clone();
    const before = r.tip();
    const outcome = await run(
      deps(ws, { path: OVERLAY, images: `inventory=${REPO}/inventory@${digest('0')}\npricing=pricing:1.0` }),
    );
    expect(outcome).toMatchObject({ commit: undefined, changes: [], attempts: 1 });
    expect(r.tip()).toBe(before);
    expect(git(ws, ['rev-parse', 'HEAD'])).toBe(before);
    expect(readFileSync(join(ws, FILE), 'utf8')).toBe(OVERLAY_KUSTOMIZATION);
  });

  it('switches digest to tag and back, with the commit message given', async () => {
    const r = remote();
    const ws = r.clone();
    await run(
      deps(ws, { path: OVERLAY, images: `inventory=${REPO}/inventory:2.0`, 'commit-message': 'to a tag' }),
    );
    expect(changedLines(OVERLAY_KUSTOMIZATION, r.show(FILE))).toEqual([[13, '  newTag: "2.0"']]);
    await run(
      deps(ws, {
        path: OVERLAY,
        images: `inventory=${REPO}/inventory@${digest('9')}`,
        'commit-message': 'back',
      }),
    );
    expect(changedLines(OVERLAY_KUSTOMIZATION, r.show(FILE))).toEqual([[13, `  digest: ${digest('9')}`]]);
    expect(r.log().slice(0, 2)).toEqual(['back', 'to a tag']);
  });

  it('re-applies on the new tip when the remote moved, keeping the other commit (also to the same file)', async () => {
    const r = remote();
    const ws = r.clone();
    const original = r.log();
    // Two concurrent bumps of catalog (2 -> 5 -> 6) in the same file while we try to land ours.
    const git2 = racingGit(r, 2, (n, text) =>
      text.replace(digest(n === 1 ? '2' : '5'), digest(n === 1 ? '5' : '6')),
    );
    const outcome = await run(
      deps(ws, { path: OVERLAY, images: `inventory=${REPO}/inventory@${digest('a')}` }, { git: git2 }),
    );

    expect(outcome.attempts).toBe(3);
    expect(r.log()).toEqual([
      `chore(gitops): bump inventory in ${OVERLAY}`,
      'Concurrent change 2',
      'Concurrent change 1',
      ...original,
    ]);
    const file = r.show(FILE);
    expect(file).toContain(`digest: ${digest('a')}`); // ours
    expect(file).toContain(`digest: ${digest('6')}`); // the other commit's catalog bump
    // Linear history: no merge commits, nothing rewritten.
    expect(git(r.bare, ['rev-list', '--merges', 'main'])).toBe('');
  });

  it('gives up after max-attempts when the remote keeps moving, losing nothing', async () => {
    const r = remote();
    const ws = r.clone();
    const git2 = racingGit(r, 99, (n, text) => `${text}# change ${n}\n`);
    await expect(
      run(
        deps(
          ws,
          { path: OVERLAY, images: `inventory=${REPO}/inventory@${digest('a')}`, 'max-attempts': '2' },
          { git: git2 },
        ),
      ),
    ).rejects.toThrow("gave up after 2 attempts (raise 'max-attempts')");
    expect(r.log().slice(0, 2)).toEqual(['Concurrent change 2', 'Concurrent change 1']);
    expect(r.show(FILE)).not.toContain(digest('a'));
  });

  it('fails at once, quoting git, when the remote refuses for another reason', async () => {
    const r = remote();
    const ws = r.clone();
    const calls = join(r.root, 'hook-calls');
    r.hook(
      'pre-receive',
      `echo call >> '${calls}'\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1`,
    );
    const before = r.tip();
    await expect(
      run(deps(ws, { path: OVERLAY, images: `inventory=${REPO}/inventory@${digest('a')}` })),
    ).rejects.toThrow('GH006: Protected branch update failed');
    expect(readFileSync(calls, 'utf8')).toBe('call\n');
    expect(r.tip()).toBe(before);
  });

  it('targets the branch input, which must exist on the remote', async () => {
    const r = remote();
    const ws = r.clone();
    git(ws, ['push', '--quiet', 'origin', 'HEAD:refs/heads/env/dev']);
    const main = r.tip();
    await run(deps(ws, { path: OVERLAY, images: `pricing=pricing:1.1`, branch: 'env/dev' }));
    expect(r.show(FILE, 'env/dev')).toContain('newTag: "1.1"');
    expect(r.tip()).toBe(main);
    await expect(
      run(deps(ws, { path: OVERLAY, images: 'pricing=pricing:1.2', branch: 'nope' })),
    ).rejects.toThrow("couldn't find remote ref");
  });

  it('lands from a shallow, detached checkout (a pull_request checkout) given the branch input', async () => {
    const r = remote();
    const ws = r.clone('shallow', true);
    git(ws, ['checkout', '--quiet', '--detach']);
    r.pushOtherCommit('README.md', (text) => `${text}More.\n`);
    const moved = r.tip();
    const outcome = await run(deps(ws, { path: OVERLAY, images: 'pricing=pricing:1.1', branch: 'main' }));
    expect(outcome.commit).toBe(r.tip());
    expect(git(r.bare, ['rev-parse', `${r.tip()}^`])).toBe(moved);
  });

  it('asks for the branch input on a detached HEAD', async () => {
    const r = remote();
    const ws = r.clone();
    git(ws, ['checkout', '--quiet', '--detach']);
    await expect(run(deps(ws, { path: OVERLAY, images: 'pricing=pricing:1.1' }))).rejects.toThrow(
      "Input 'branch' is required",
    );
  });
});

describe('backoff', () => {
  it('waits a uniformly random time up to base · 2^(attempt-1), capped', () => {
    const at = (random: number, attempt: number) =>
      backoffDelay(attempt, defaultBackoff({ random: () => random }));
    expect([at(0, 1), at(0.999, 1), at(0.5, 2), at(0.999, 3), at(0.5, 10), at(0.999, 10)]).toEqual([
      0, 999, 1000, 3996, 7500, 14985,
    ]);
  });
});

describe('inputs are checked before anything happens', () => {
  // One remote for all: every case must leave it exactly as it was.
  let shared: GitRemote;
  let ws: string;
  beforeAll(() => {
    shared = new GitRemote();
    ws = shared.clone();
  });
  afterAll(() => shared.dispose());

  const payloads = [
    ['images', 'inventory=b:v1\nnewTag: x'],
    ['images', 'inventory=$(touch /tmp/gitops-bump-pwned):v1'],
    ['images', 'inventory="r/x":v1'],
    ['images', "inventory=r/x:v1' && touch /tmp/gitops-bump-pwned '"],
    ['branch', 'main; touch /tmp/gitops-bump-pwned'],
    ['branch', '--upload-pack=touch /tmp/gitops-bump-pwned'],
    ['mode', 'force'],
    ['max-attempts', '0'],
    ['path', '../outside'],
    ['path', '/etc'],
  ];
  it.each(payloads)('rejects a bad %s naming it, with nothing changed', async (input, value) => {
    const before = shared.tip();
    const inputs: Record<string, string> = {
      path: OVERLAY,
      images: `inventory=${REPO}/inventory@${digest('a')}`,
      [input]: value,
    };
    await expect(run(deps(ws, inputs))).rejects.toThrow(`'${input}'`);
    expect(shared.tip()).toBe(before);
    expect(git(ws, ['rev-parse', 'HEAD'])).toBe(before);
    expect(readFileSync(join(ws, FILE), 'utf8')).toBe(OVERLAY_KUSTOMIZATION);
    expect(existsSync('/tmp/gitops-bump-pwned')).toBe(false);
  });

  it('rejects a path that leaves the workspace through a symlink', async () => {
    symlinkSync(shared.root, join(ws, 'escape'));
    await expect(run(deps(ws, { path: 'escape/seed', images: 'inventory=inventory:v1' }))).rejects.toThrow(
      "'path'",
    );
  });

  it('requires a token in pull-request mode', async () => {
    await expect(
      run(deps(ws, { path: OVERLAY, images: 'inventory=inventory:v1', mode: 'pull-request' })),
    ).rejects.toThrow("Input 'token' is required");
  });
});
