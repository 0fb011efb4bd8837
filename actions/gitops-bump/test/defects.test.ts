// Push-mode defects a hostile run found (issue 16), each against a real bare remote through run(deps).
import { lstatSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  changedLines,
  digest,
  GitRemote,
  git,
  OVERLAY,
  OVERLAY_KUSTOMIZATION,
} from '../../../scripts/lib/git-remote.js';
import { defaultBackoff } from '../../lib/retry.js';
import { useRunnerFiles } from '../../test/helpers/runner-files.js';
import { type Deps, run } from '../src/main.js';

const FILE = `${OVERLAY}/kustomization.yaml`;
const REPO = 'registry.example.com/shop';
const BUMP = `inventory=${REPO}/inventory@${digest('a')}`;

const runner = useRunnerFiles();
const summary = runner.summary;

const remotes: GitRemote[] = [];
afterEach(() => {
  for (const remote of remotes.splice(0)) remote.dispose();
  runner.reset();
});
function remote(): GitRemote {
  const r = new GitRemote();
  remotes.push(r);
  return r;
}

function deps(workspace: string, inputs: Record<string, string>): Deps {
  return {
    input: (name) => inputs[name] ?? '',
    env: { ...process.env, GITHUB_WORKSPACE: workspace },
    backoff: defaultBackoff({ baseMs: 1, maxMs: 5 }),
  };
}

describe('gitops-bump refuses or contains what a hostile checkout offers', () => {
  it('never writes through a symlinked kustomization.yaml that points outside the workspace', async () => {
    const r = remote();
    // The overlay's kustomization.yaml is committed as a symlink to a file beside the clones.
    const outside = join(r.root, 'outside.yaml');
    writeFileSync(outside, OVERLAY_KUSTOMIZATION);
    const seed = r.clone();
    unlinkSync(join(seed, FILE));
    symlinkSync('../../../../../../outside.yaml', join(seed, FILE));
    r.commitAndPush(seed, 'Link the overlay elsewhere');
    const ws = r.clone();
    expect(lstatSync(join(ws, FILE)).isSymbolicLink()).toBe(true);
    const before = r.tip();

    await expect(run(deps(ws, { path: OVERLAY, images: BUMP }))).rejects.toThrow('symbolic link');
    expect(readFileSync(outside, 'utf8')).toBe(OVERLAY_KUSTOMIZATION);
    expect(r.tip()).toBe(before);
    expect(git(ws, ['status', '--porcelain'])).toBe('');
    // The git processes started ahead were ended cleanly: no fast-import crash report in the checkout.
    expect(readdirSync(join(ws, '.git')).filter((name) => name.startsWith('fast_import_crash'))).toEqual([]);
  });

  it('refuses the symlinked kustomization in pull-request mode too, before anything is written', async () => {
    const r = remote();
    const outside = join(r.root, 'outside.yaml');
    writeFileSync(outside, OVERLAY_KUSTOMIZATION);
    const ws = r.clone();
    unlinkSync(join(ws, FILE));
    symlinkSync('../../../../../../outside.yaml', join(ws, FILE));
    const inputs = { path: OVERLAY, images: BUMP, mode: 'pull-request', token: 't' };
    const pr = { ...deps(ws, inputs), env: { ...deps(ws, inputs).env, GITHUB_REPOSITORY: 'acme/shop' } };
    await expect(run(pr)).rejects.toThrow('is a symbolic link');
    expect(readFileSync(outside, 'utf8')).toBe(OVERLAY_KUSTOMIZATION);
    expect(git(ws, ['branch', '--list'])).toBe('* main');
  });

  it('refuses uncommitted edits of the kustomization in pull-request mode, which checks a branch out', async () => {
    const r = remote();
    const ws = r.clone();
    writeFileSync(join(ws, FILE), `${OVERLAY_KUSTOMIZATION}# mine\n`);
    const inputs = { path: OVERLAY, images: BUMP, mode: 'pull-request', token: 't' };
    const pr = { ...deps(ws, inputs), env: { ...deps(ws, inputs).env, GITHUB_REPOSITORY: 'acme/shop' } };
    await expect(run(pr)).rejects.toThrow('has uncommitted changes');
    expect(readFileSync(join(ws, FILE), 'utf8')).toBe(`${OVERLAY_KUSTOMIZATION}# mine\n`);
    expect(git(r.bare, ['branch', '--list'])).toBe('* main');
  });

  it('edits the file as it is on the remote tip, never committing uncommitted local edits', async () => {
    const r = remote();
    const ws = r.clone();
    const local = OVERLAY_KUSTOMIZATION.replace('namespace: shop-dev', 'namespace: my-experiment');
    writeFileSync(join(ws, FILE), local);

    const outcome = await run(deps(ws, { path: OVERLAY, images: BUMP }));
    expect(outcome.commit).toBe(r.tip());
    expect(changedLines(OVERLAY_KUSTOMIZATION, r.show(FILE))).toEqual([[13, `  digest: ${digest('a')}`]]);
    // The person's edit is neither committed nor lost.
    expect(readFileSync(join(ws, FILE), 'utf8')).toBe(local);
  });

  it('fails at once on a hook rejection that mentions "cannot lock ref", writes the summary, keeps the branch', async () => {
    const r = remote();
    const ws = r.clone();
    const calls = join(r.root, 'hook-calls');
    r.hook(
      'pre-receive',
      `echo call >> '${calls}'\necho "error: cannot lock ref 'refs/heads/main': policy says no" >&2\nexit 1`,
    );
    const before = r.tip();
    const localBefore = git(ws, ['rev-parse', 'refs/heads/main']);

    await expect(run(deps(ws, { path: OVERLAY, images: BUMP }))).rejects.toThrow('pre-receive hook declined');
    expect(readFileSync(calls, 'utf8')).toBe('call\n');
    expect(r.tip()).toBe(before);
    expect(git(ws, ['rev-parse', 'refs/heads/main'])).toBe(localBefore);
    expect(git(ws, ['rev-parse', 'HEAD'])).toBe(localBefore);
    expect(git(ws, ['status', '--porcelain'])).toBe('');
    expect(summary()).toContain('gitops-bump: ');
    expect(summary()).toContain('Not pushed');
    expect(summary()).toContain('pre-receive hook declined');
  });
});
