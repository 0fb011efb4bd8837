// (tests only) The real trees, rendered once by real kustomize, handed out as fresh copies a test may break.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { K8sObject, Tree } from '../../model.js';
import { renderTree } from '../../render.js';
import type { TreeSubject } from '../subject.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const rendered = new Map<string, Promise<Tree>>();

/** A deployable subject of the real tree at `dir` (repo-relative), as a copy the test may change. */
export async function realSubject(dir: string): Promise<TreeSubject> {
  let tree = rendered.get(dir);
  if (!tree) {
    tree = renderTree(join(REPO_ROOT, dir), { repoRoot: REPO_ROOT });
    rendered.set(dir, tree);
  }
  const copy = structuredClone(await tree);
  if (copy.error) throw new Error(`${dir} does not render: ${copy.error}`);
  return { tree: copy, trees: new Map([[copy.dir, copy]]), deployable: true, repoRoot: REPO_ROOT };
}

/** The rendered object of this kind and name; throws when the tree has none (a test must not pass empty). */
export function objectOf(subject: TreeSubject, kind: string, name: string): K8sObject {
  const found = subject.tree.objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name);
  if (!found) throw new Error(`${subject.tree.dir} renders no ${kind} ${name}`);
  return found.object;
}

// Tests reach into Helm values and pod specs field by field; a loose type keeps each change to one line.
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped test data
export type Loose = any;

/** The Helm valuesObject of an Application, to change. */
export function valuesOf(subject: TreeSubject, app: string): Loose {
  return (objectOf(subject, 'Application', app).spec as Loose).source.helm.valuesObject;
}
