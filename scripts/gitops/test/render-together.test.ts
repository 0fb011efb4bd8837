// The building blocks that include no other tree render in one kustomize process (render.ts renderTogether):
// each tree's objects and files must be exactly those of rendering it alone, on this repository and on a copy
// declaring 20 services; a run that fails must leave each tree to render alone, with its own error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ScratchRepository } from '../../lib/scratch-repository.js';
import { findKustomizations } from '../discover.js';
import { inclusions } from '../includes.js';
import type { Tree } from '../model.js';
import { renderTogether, renderTree } from '../render.js';
import { validateGitops } from '../validate-gitops.js';

const repoRoot = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
const scratch = new ScratchRepository();
afterAll(() => scratch.dispose());

/** The trees the validator renders together: building blocks that include no rendered tree. */
async function together(root: string): Promise<string[]> {
  const dirs = await findKustomizations(`${root}/gitops`);
  const includes = await inclusions(dirs);
  const included = new Set([...includes.values()].flatMap((i) => [...i.trees]));
  return dirs.filter((dir) => included.has(dir) && (includes.get(dir)?.trees.size ?? 0) === 0);
}

/** What the checks see of a tree: its directory, and each object with its file. */
const seen = (tree: Tree) => ({
  dir: tree.dir,
  error: tree.error,
  objects: tree.objects.map((o) => ({ object: o.object, file: o.file })),
});

async function bothWays(root: string): Promise<{ alone: unknown[]; batched: unknown[] }> {
  const dirs = await together(root);
  const alone = [];
  for (const dir of dirs) alone.push(seen(await renderTree(dir, { repoRoot: root })));
  const batched = await renderTogether(dirs, { repoRoot: root });
  expect(batched?.every((t) => t.sharedWith === dirs.length)).toBe(true);
  return { alone, batched: (batched ?? []).map(seen) };
}

describe('building blocks rendered together', () => {
  it('are each what rendering it alone gives, on this repository', async () => {
    const { alone, batched } = await bothWays(repoRoot);
    expect(alone.length).toBeGreaterThanOrEqual(4);
    expect(batched).toEqual(alone);
  }, 60_000);

  it('are each what rendering it alone gives, with 20 services declared', async () => {
    scratch.declareExamples(20);
    scratch.derive();
    const { alone, batched } = await bothWays(scratch.root);
    expect(alone.length).toBeGreaterThanOrEqual(22);
    expect(batched).toEqual(alone);
    expect(JSON.stringify(batched)).not.toContain('validate-gitops.internal');
  }, 120_000);

  it('fail as one when two declare the same object, so each renders alone', async () => {
    const [base] = await together(repoRoot);
    expect(await renderTogether([base as string, base as string], { repoRoot })).toBeUndefined();
  }, 60_000);

  it('leave a tree that does not render to report its own error, and the others their own checks', async () => {
    const broken = join(scratch.root, 'gitops/apps/base/service-03');
    writeFileSync(join(broken, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const alone = await renderTree(broken, { repoRoot: scratch.root });
    expect(alone.error).toBeTruthy();
    expect(await renderTogether(await together(scratch.root), { repoRoot: scratch.root })).toBeUndefined();
    const result = await validateGitops({ root: join(scratch.root, 'gitops') });
    expect(result.ok).toBe(false);
    const row = result.rows.find((r) => r.tree === 'gitops/apps/base/service-03');
    expect(row?.verdict).toBe('FAIL');
    expect(row?.sharedWith).toBeUndefined();
    expect(result.findings.map((f) => f.message).join('\n')).toContain(
      // kustomize's log prefix (time, process id) differs between runs; its message does not.
      alone.error?.replace(/^\S+ \S+\s+\d+ /, ''),
    );
    // The other bases still render and are checked, each alone.
    expect(result.rows.find((r) => r.tree === 'gitops/apps/base/service-04')?.objects).toBeGreaterThan(0);
  }, 120_000);
});
