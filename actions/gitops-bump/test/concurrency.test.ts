// THE contention test: eight runs of the bundled action at once, separate processes, each in its own clone,
// each bumping a different image of one overlay, against one real bare remote. All must land; none may be
// lost; nothing may be force-pushed. Then real kustomize renders the result.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { digest, GitRemote, git, IMAGE_NAMES, OVERLAY } from '../../../scripts/lib/git-remote.js';
import { runDist } from '../../test/helpers/run-dist.js';

const actionDir = join(import.meta.dirname, '..');
const REPO = 'registry.example.com/shop';
const remote = new GitRemote();
afterAll(() => remote.dispose());

describe('gitops-bump under contention (dist, 8 processes)', () => {
  it('lands all eight bumps on one overlay, keeps all history, and kustomize renders every digest', async () => {
    const original = git(remote.bare, ['rev-list', 'main']).split('\n');
    const clones = IMAGE_NAMES.map(() => remote.clone());
    const pins = IMAGE_NAMES.map((name, i) => ({
      name,
      ref: `${REPO}/${name}@${digest('abcdef01'[i] as string)}`,
    }));

    const runs = await Promise.all(
      pins.map(({ name, ref }, i) =>
        runDist(actionDir, {
          cwd: clones[i] as string,
          // Eight runners racing on two cores: headroom beyond the default 5 keeps the test about correctness.
          inputs: { path: OVERLAY, images: `${name}=${ref}`, 'max-attempts': '12' },
          timeoutMs: 200_000,
        }),
      ),
    );

    for (const [i, result] of runs.entries()) {
      expect([IMAGE_NAMES[i], result.code, result.outputs.changed]).toEqual([IMAGE_NAMES[i], 0, 'true']);
      expect(result.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
      expect(result.summary).toContain(pins[i]?.ref);
    }
    // Every bump commit is on main, exactly once; so is every original commit; history is linear.
    const log = remote.log();
    const bumps = log.filter((subject) => subject.startsWith('chore(gitops): bump '));
    expect(bumps.sort()).toEqual(
      IMAGE_NAMES.map((name) => `chore(gitops): bump ${name} in ${OVERLAY}`).sort(),
    );
    expect(log).toHaveLength(original.length + 8);
    const all = git(remote.bare, ['rev-list', 'main']).split('\n');
    for (const sha of original) expect(all).toContain(sha);
    for (const run of runs) expect(all).toContain(run.outputs['commit-sha']);
    expect(git(remote.bare, ['rev-list', '--merges', 'main'])).toBe('');

    const file = remote.show(`${OVERLAY}/kustomization.yaml`);
    for (const { ref } of pins) expect(file).toContain(ref.split('@')[1]);
    expect(file).toContain('# inventory: built by the main workflow');

    // Real kustomize on a fresh clone: every container image is the pinned digest.
    const rendered = execFileSync('kubectl', ['kustomize', join(remote.clone(), OVERLAY)], {
      encoding: 'utf8',
    });
    const images = [...rendered.matchAll(/image: (\S+)/g)].map((m) => m[1]).sort();
    expect(images).toEqual(pins.map((p) => p.ref).sort());
  }, 240_000);

  it('fails the step naming the input, with nothing changed, for an injection attempt (dist)', async () => {
    const before = remote.tip();
    const clone = remote.clone();
    const result = await runDist(actionDir, {
      cwd: clone,
      inputs: {
        path: OVERLAY,
        images: 'inventory=r/inventory:v1\nnewTag: x\n$(touch /tmp/gitops-bump-pwned)',
      },
    });
    expect(result.code).toBe(1);
    expect(result.log).toContain("::error::Invalid input 'images'");
    expect(result.outputs).toEqual({});
    expect(remote.tip()).toBe(before);
    expect(git(clone, ['status', '--porcelain'])).toBe('');
  });
});
