// Each policy rule passes on the real tree and fails on its counter-examples (counter-examples.yaml): one
// small edit of one real file, re-parsed with @cdktf/hcl2json, must produce a finding of that rule that
// names the file (or its directory) and says what is wrong.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadTree, parse, type TfTree } from '../hcl.js';
import { rules } from '../rules/index.js';
import { applyCounterExample, type CounterExample, counterExamples } from './counter-examples.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const root = join(repo, 'terraform');
let tree: TfTree;

beforeAll(async () => {
  const loaded = await loadTree(root, repo);
  expect(loaded.findings).toEqual([]);
  tree = loaded.tree;
});

it('every rule passes on the real tree', () => {
  for (const rule of rules) expect([rule.id, rule.check(tree)]).toEqual([rule.id, []]);
});

it('has counter-examples for every rule, and only for rules that exist', () => {
  const ids = rules.map((r) => r.id);
  const covered = new Set(counterExamples.map((c) => c.rule));
  expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  expect([...covered].filter((id) => !ids.includes(id))).toEqual([]);
});

describe.each(counterExamples.map((c): [string, string, CounterExample] => [c.rule, c.what, c]))(
  '%s rejects: %s',
  (ruleId, _what, example) => {
    it('with a finding naming the file and the problem', async () => {
      const text = await readFile(join(root, example.file), 'utf8');
      const json = (await parse(example.file, applyCounterExample(example, text))) as Record<string, unknown>;
      const mutated: TfTree = {
        ...tree,
        files: tree.files.map((f) => (f.path === example.file ? { ...f, json } : f)),
      };
      const rule = rules.find((r) => r.id === ruleId);
      const findings = rule?.check(mutated) ?? [];
      const target = `terraform/${example.file}`;
      expect(findings.some((f) => f.file === target || target.startsWith(`${f.file}/`))).toBe(true);
      expect(findings.map((f) => f.message).join('\n')).toContain(example.expect);
    });
  },
);
