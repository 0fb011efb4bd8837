// `only-newer` against real servers: a bare git remote whose main has two merges, A and then B, and a real
// docker-registry holding the image each merge's run built (its org.opencontainers.image.revision label).
// The two runs' bumps race, in every order; the dev overlay must end on B's image, never A's.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GitRemote, git, OVERLAY } from '../../../scripts/lib/git-remote.js';
import { pushImage, startRegistry, type TestRegistry } from '../../../scripts/lib/registry.js';
import { runDist } from '../../test/helpers/run-dist.js';

const actionDir = join(import.meta.dirname, '..');
const FILE = `${OVERLAY}/kustomization.yaml`;
let registry: TestRegistry;
const remotes: GitRemote[] = [];
afterAll(async () => {
  for (const remote of remotes) remote.dispose();
  await registry?.stop();
});
beforeAll(async () => {
  registry = await startRegistry();
});

/** A remote with merges A and B (B's parent is A), and the inventory image each one built. */
async function twoMerges(tag: string) {
  const remote = new GitRemote();
  remotes.push(remote);
  const repository = `shop/inventory-${tag}`;
  // dev pins a digest of this registry that it does not hold (a placeholder): nothing to order against.
  remote.pushOtherCommit(
    FILE,
    (t) => t.replace('registry.example.com/shop/inventory', `${registry.host}/${repository}`),
    'Pin the placeholder',
  );
  const a = remote.pushOtherCommit('README.md', (t) => `${t}A\n`, 'Merge A');
  const b = remote.pushOtherCommit('README.md', (t) => `${t}B\n`, 'Merge B');
  const image = async (commit: string) =>
    `${registry.host}/${repository}@${
      (
        await pushImage(registry, repository, `sha-${commit.slice(0, 7)}`, {
          labels: { 'org.opencontainers.image.revision': commit },
        })
      ).digest
    }`;
  return { remote, a, b, imageA: await image(a), imageB: await image(b) };
}

/** One run's deploy job: a full clone taken when its workflow started, then the bump. */
function bump(clone: string, ref: string, onlyNewer = 'true') {
  return runDist(actionDir, {
    cwd: clone,
    inputs: { path: OVERLAY, images: `inventory=${ref}`, 'only-newer': onlyNewer, 'max-attempts': '10' },
    timeoutMs: 60_000,
  });
}

const pinnedDigest = (remote: GitRemote) =>
  /name: inventory\n {2}newName: (\S+)[^\n]*\n {2}digest: (\S+)/.exec(remote.show(FILE))?.slice(1).join('@');

describe('gitops-bump only-newer (real git remote, real registry)', () => {
  it("keeps B's image when A's run (older) lands its bump after B's", async () => {
    const { remote, imageA, imageB, b } = await twoMerges('late');
    // Both runs checked out before either bump: A's clone still sees the tip without B's bump.
    const cloneA = remote.clone();
    const cloneB = remote.clone();
    const first = await bump(cloneB, imageB);
    expect([first.code, first.outputs.changed]).toEqual([0, 'true']);
    const tipAfterB = remote.tip();

    const late = await bump(cloneA, imageA);
    expect([late.code, late.outputs.changed, late.outputs['commit-sha']]).toEqual([0, 'false', '']);
    expect(late.log).toContain(`kept ${imageB}, built from ${b.slice(0, 12)}`);
    expect(remote.tip()).toBe(tipAfterB);
    expect(pinnedDigest(remote)).toBe(imageB);
  });

  it('without only-newer the same order rolls dev back to A (what the option prevents)', async () => {
    const { remote, imageA, imageB } = await twoMerges('rollback');
    const cloneA = remote.clone();
    const cloneB = remote.clone();
    expect((await bump(cloneB, imageB, 'false')).code).toBe(0);
    expect((await bump(cloneA, imageA, 'false')).outputs.changed).toBe('true');
    expect(pinnedDigest(remote)).toBe(imageA);
  });

  it("replaces A's image with B's when they land in order", async () => {
    const { remote, imageA, imageB } = await twoMerges('order');
    const cloneA = remote.clone();
    const cloneB = remote.clone();
    expect((await bump(cloneA, imageA)).outputs.changed).toBe('true');
    const second = await bump(cloneB, imageB);
    expect([second.code, second.outputs.changed]).toEqual([0, 'true']);
    expect(pinnedDigest(remote)).toBe(imageB);
  });

  it('ends on B whichever of two simultaneous runs pushes first', async () => {
    const { remote, imageA, imageB } = await twoMerges('race');
    for (let round = 0; round < 3; round++) {
      const [cloneA, cloneB] = [remote.clone(), remote.clone()];
      const runs = await Promise.all([bump(cloneA, imageA), bump(cloneB, imageB)]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect(pinnedDigest(remote)).toBe(imageB);
    }
    // History stays linear: no merge, nothing forced.
    expect(git(remote.bare, ['rev-list', '--merges', 'main'])).toBe('');
  });

  it('pins as asked, with a note, over an image the registry does not have', async () => {
    const { remote, imageA } = await twoMerges('placeholder');
    const run = await bump(remote.clone(), imageA);
    expect([run.code, run.outputs.changed]).toEqual([0, 'true']);
    expect(run.log).toMatch(/cannot order .* is not in the registry\); pinned as asked/);
    expect(pinnedDigest(remote)).toBe(imageA);
  });

  it("refuses to guess when a revision is not in the clone's history, and pushes nothing", async () => {
    const { remote, imageB } = await twoMerges('unknown');
    const stranger = `${registry.host}/shop/inventory-unknown@${
      (
        await pushImage(registry, 'shop/inventory-unknown', 'x', {
          labels: { 'org.opencontainers.image.revision': 'f'.repeat(40) },
          content: 'stranger',
        })
      ).digest
    }`;
    expect((await bump(remote.clone(), imageB)).code).toBe(0);
    const tip = remote.tip();
    const run = await bump(remote.clone(), stranger);
    expect(run.code).not.toBe(0);
    expect(run.log).toContain('fetch-depth: 0');
    expect(remote.tip()).toBe(tip);
  });

  it('refuses only-newer in pull-request mode', async () => {
    const { remote, imageA } = await twoMerges('pr');
    const run = await runDist(actionDir, {
      cwd: remote.clone(),
      inputs: {
        path: OVERLAY,
        images: `inventory=${imageA}`,
        'only-newer': 'true',
        mode: 'pull-request',
        token: 't',
      },
    });
    expect(run.code).not.toBe(0);
    expect(run.log).toContain("Invalid input 'only-newer'");
  });
});
