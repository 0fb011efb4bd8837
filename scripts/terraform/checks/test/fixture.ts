// What every check's test asserts: the check passes on the real terraform/ tree, and each of its
// counter-examples (counter-examples.yaml: one small edit of one real file, re-parsed with hcl2json) makes
// it report a problem in that file, at a line inside it, saying what is wrong.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Check } from '../../../checks/check.js';
import type { Problem } from '../../../checks/finding.js';
import { loadTree, parse, type TfTree } from '../../hcl.js';
import { applyCounterExample, counterExamples } from './counter-examples.js';

export const repo = join(import.meta.dirname, '..', '..', '..', '..');
const root = join(repo, 'terraform');

let loaded: Promise<TfTree> | undefined;
/** The real tree, parsed once per test file. */
export function realTree(): Promise<TfTree> {
  loaded ??= loadTree(root, repo).then(({ tree, findings }) => {
    expect(findings).toEqual([]);
    return tree;
  });
  return loaded;
}

/** A tree of the given files' texts (path relative to the tree root), parsed like the real one. */
export async function treeOf(files: Readonly<Record<string, string>>, rootName = 'fixture'): Promise<TfTree> {
  const parsed = await Promise.all(
    Object.entries(files).map(async ([path, text]) => {
      const slash = path.lastIndexOf('/');
      const json = (await parse(path, text)) as Record<string, unknown>;
      return { path, dir: slash === -1 ? '.' : path.slice(0, slash), display: path, text, json };
    }),
  );
  return { root: rootName, files: parsed };
}

export async function problemsOf(check: Check<TfTree>, tree: TfTree): Promise<Problem[]> {
  return [...(await check.run(tree))];
}

/** The check passes on the real tree and rejects each of its counter-examples. */
export function checksTheRealTree(check: Check<TfTree>): void {
  let tree: TfTree;
  beforeAll(async () => {
    tree = await realTree();
  });

  it('passes on the real terraform/ tree', async () => {
    expect(await problemsOf(check, tree)).toEqual([]);
  });

  const examples = counterExamples.filter((c) => c.rule === check.id);
  it('has counter-examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  describe.each(examples.map((c) => [c.what, c] as const))('rejects: %s', (_what, example) => {
    it('with a problem naming the file, a line in it, and what is wrong', async () => {
      const text = await readFile(join(root, example.file), 'utf8');
      const changed = applyCounterExample(example, text);
      const json = (await parse(example.file, changed)) as Record<string, unknown>;
      const mutated: TfTree = {
        ...tree,
        files: tree.files.map((f) => (f.path === example.file ? { ...f, text: changed, json } : f)),
      };
      const problems = await problemsOf(check, mutated);
      const target = `terraform/${example.file}`;
      const here = problems.filter((p) => p.file === target || target.startsWith(`${p.file}/`));
      expect(here.length).toBeGreaterThan(0);
      const lines = changed.split('\n').length;
      for (const p of here) expect(p.line ?? 1).toBeLessThanOrEqual(p.file === target ? lines : 1);
      expect(problems.map((p) => p.message).join('\n')).toContain(example.expect);
    });
  });
}
