// What every check's test asserts: the check passes on the real terraform/ tree in every environment's view
// (its var-file applied), and each of its counter-examples (counter-examples.yaml: one small edit of one real
// .tf file or var-file, re-parsed) makes it report a problem in that file, at a line inside it, saying what
// is wrong.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Check } from '../../../checks/check.js';
import type { Problem } from '../../../checks/finding.js';
import { loadTree, loadVarFile, parse, type TfTree, varFileKind } from '../../hcl.js';
import { environmentViews } from '../../model.js';
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

/** The problems of every environment's view of the tree (check:terraform runs each). */
export async function problemsInEveryEnvironment(check: Check<TfTree>, tree: TfTree): Promise<Problem[]> {
  const out: Problem[] = [];
  for (const view of environmentViews(tree)) out.push(...(await problemsOf(check, view)));
  return out;
}

/** The tree with one file's text replaced: a .tf file re-parsed, a var-file re-read. */
export async function withFileText(tree: TfTree, file: string, text: string): Promise<TfTree> {
  if (varFileKind(file.slice(file.lastIndexOf('/') + 1))) {
    const scratch = await mkdtemp(join(tmpdir(), 'tf-varfile-'));
    try {
      const abs = join(scratch, file);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, text);
      const { varFile, finding } = await loadVarFile(scratch, abs, repo);
      if (!varFile) throw new Error(`${file}: ${finding?.message}`);
      const original = tree.varFiles?.find((f) => f.path === file);
      const replaced = { ...varFile, display: original?.display ?? varFile.display };
      return { ...tree, varFiles: (tree.varFiles ?? []).map((f) => (f.path === file ? replaced : f)) };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const json = (await parse(file, text)) as Record<string, unknown>;
  return { ...tree, files: tree.files.map((f) => (f.path === file ? { ...f, text, json } : f)) };
}

/** The check passes on the real tree and rejects each of its counter-examples. */
export function checksTheRealTree(check: Check<TfTree>): void {
  let tree: TfTree;
  beforeAll(async () => {
    tree = await realTree();
  });

  it('passes on the real terraform/ tree, in every environment', async () => {
    expect(await problemsInEveryEnvironment(check, tree)).toEqual([]);
  });

  const examples = counterExamples.filter((c) => c.rule === check.id);
  it('has counter-examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  describe.each(examples.map((c) => [c.what, c] as const))('rejects: %s', (_what, example) => {
    it('with a problem naming the file, a line in it, and what is wrong', async () => {
      const text = await readFile(join(root, example.file), 'utf8');
      const changed = applyCounterExample(example, text);
      const mutated = await withFileText(tree, example.file, changed);
      const problems = await problemsInEveryEnvironment(check, mutated);
      const target = `terraform/${example.file}`;
      const here = problems.filter((p) => p.file === target || target.startsWith(`${p.file}/`));
      expect(here.length).toBeGreaterThan(0);
      const lines = changed.split('\n').length;
      for (const p of here) expect(p.line ?? 1).toBeLessThanOrEqual(p.file === target ? lines : 1);
      expect(problems.map((p) => p.message).join('\n')).toContain(example.expect);
    });
  });
}
