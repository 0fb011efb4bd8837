// A tree that includes other rendered trees is rendered without kustomize's origin annotations (render.ts
// says why) and its objects named from theirs (origins.ts): each object must get exactly the file kustomize's
// own origin annotation gives it, on this repository and on a copy with a service of each kind more.
import { afterAll, describe, expect, it } from '@jest/globals';
import { exampleDeclaration, ScratchRepository } from '../../lib/scratch-repository.js';
import { findKustomizations } from '../discover.js';
import { inclusions } from '../includes.js';
import type { Tree } from '../model.js';
import { nameOrigins } from '../origins.js';
import { renderTree } from '../render.js';

const repoRoot = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
const scratch = new ScratchRepository();
afterAll(() => scratch.dispose());

/** For every object of every tree that includes others: the file kustomize names, and the file we name. */
async function namedBothWays(root: string): Promise<{ kustomize: string[]; ours: string[] }> {
  const dirs = await findKustomizations(`${root}/gitops`);
  const includes = await inclusions(dirs);
  const composite = (dir: string) => (includes.get(dir)?.trees.size ?? 0) > 0;
  const exact = new Map<string, Tree>();
  const fast = new Map<string, Tree>();
  for (const dir of dirs) {
    exact.set(dir, await renderTree(dir, { repoRoot: root }));
    fast.set(
      dir,
      composite(dir) ? await renderTree(dir, { repoRoot: root, origins: false }) : (exact.get(dir) as Tree),
    );
  }
  const named = new Set<string>();
  const name = (dir: string): void => {
    const inclusion = includes.get(dir);
    if (named.has(dir) || !inclusion || !composite(dir)) return;
    named.add(dir);
    for (const part of inclusion.trees) name(part);
    nameOrigins(fast.get(dir) as Tree, inclusion, fast, root);
  };
  const kustomize: string[] = [];
  const ours: string[] = [];
  for (const dir of dirs.filter(composite)) {
    name(dir);
    const line = (t: Tree | undefined) =>
      (t?.objects ?? []).map((o) => `${t?.dir}: ${o.object.kind} ${o.object.metadata?.name}: ${o.file}`);
    kustomize.push(...line(exact.get(dir)));
    ours.push(...line(fast.get(dir)));
  }
  return { kustomize, ours };
}

describe('the origins of a tree that includes other trees', () => {
  it('are the files kustomize names, on this repository', async () => {
    const { kustomize, ours } = await namedBothWays(repoRoot);
    expect(kustomize.length).toBeGreaterThan(50);
    expect(ours).toEqual(kustomize);
  }, 60_000);

  it('are the files kustomize names, with a service of each kind more', async () => {
    scratch.declare(
      'catalog',
      exampleDeclaration('catalog', { kind: 'http-api', port: 8090, routes: ['/v1/c'] }),
    );
    scratch.declare(
      'mailer',
      exampleDeclaration('mailer', {
        kind: 'queue-worker',
        port: 8091,
        database: true,
        queue: { id: 'mail-jobs', direction: 'receive' },
      }),
    );
    scratch.declare(
      'storefront',
      exampleDeclaration('storefront', { kind: 'web', port: 8092, routes: ['/'] }),
    );
    scratch.derive();
    const { kustomize, ours } = await namedBothWays(scratch.root);
    expect(ours).toEqual(kustomize);
    // The components' files, not the bases that include them, hold the services' objects.
    expect(ours).toContain(
      'gitops/apps/prod: Deployment storefront: gitops/apps/components/workload/deployment.yaml',
    );
  }, 60_000);
});
