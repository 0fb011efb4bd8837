// (tests only) Runs one Argo CD check on the passing fixture after one change: the fixture is written to a
// temp repo, every kustomization is rendered with the real kustomize, and the check sees the Argo CD tree
// as the validator would. The unchanged fixture gives no problem, so a problem comes from the change.
import { join } from 'node:path';
import type { Check } from '../../../checks/check.js';
import type { Problem } from '../../../checks/finding.js';
import { findKustomizations } from '../../discover.js';
import { includedDirs } from '../../includes.js';
import { renderTree } from '../../render.js';
import {
  doc,
  type Fixture,
  goodFixture,
  type Loose,
  removeFixture,
  writeFixture,
} from '../../test/fixture.js';
import type { TreeSubject } from '../subject.js';

export const ARGO = 'gitops/clusters/prod';
/** The fixture's child Application's spec (project `demo`, path `gitops/apps/prod`). */
export const child = (f: Fixture): Loose => doc(f, `${ARGO}/child.yaml`).spec;
/** The `demo` project's spec. */
export const demoProject = (f: Fixture): Loose => doc(f, `${ARGO}/projects.yaml`, 1).spec;
/** The `admin` project's spec. */
export const adminProject = (f: Fixture): Loose => doc(f, `${ARGO}/projects.yaml`, 0).spec;

/** Every kustomization under `<repoRoot>/gitops`, rendered, as the subject a check sees, by directory. */
export async function renderSubjects(repoRoot: string): Promise<Map<string, TreeSubject>> {
  const dirs = await findKustomizations(join(repoRoot, 'gitops'));
  const [trees, included] = await Promise.all([
    Promise.all(dirs.map((d) => renderTree(d, { repoRoot }))),
    includedDirs(dirs),
  ]);
  const byDir = new Map(trees.map((t) => [t.dir, t]));
  for (const tree of trees)
    if (tree.error !== undefined) throw new Error(`${tree.dir} does not render: ${tree.error}`);
  return new Map(
    trees.map((tree) => [tree.dir, { tree, trees: byDir, deployable: !included.has(tree.path), repoRoot }]),
  );
}

/** The check's problems on the tree `dir` of the fixture changed by `change`. */
export async function problemsAfter(
  check: Check<TreeSubject>,
  change: (f: Fixture) => void,
  dir = ARGO,
): Promise<Problem[]> {
  const fixture = goodFixture();
  change(fixture);
  const repo = writeFixture(fixture);
  try {
    const subject = (await renderSubjects(repo)).get(dir);
    if (!subject) throw new Error(`the fixture has no tree ${dir}`);
    return [...(await check.run(subject))];
  } finally {
    removeFixture(repo);
  }
}

/** Expects exactly one kind of problem: in `file`, with `text` in its message. */
export async function expectProblem(
  check: Check<TreeSubject>,
  change: (f: Fixture) => void,
  file: string,
  text: string,
): Promise<void> {
  const problems = await problemsAfter(check, change);
  const match = problems.find((p) => p.file === file && p.message.includes(text));
  if (!match)
    throw new Error(
      `expected ${file}: …${text}…, got:\n${problems.map((p) => `${p.file}: ${p.message}`).join('\n')}`,
    );
}
