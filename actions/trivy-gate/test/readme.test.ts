// The README's hand-written example uses only inputs that action.yml declares (the generated block is checked
// by actions/test/packaging.test.ts), and the ignore-file example parses as the README says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { activeIgnores, parseIgnoreFile } from '../src/ignore-file.js';

const dir = join(import.meta.dirname, '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
const action = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
const FENCED = /```(\w+)\n([\s\S]*?)```/g;

it('uses only declared inputs in the example workflow', () => {
  const first = [...readme.matchAll(FENCED)].find(([, lang]) => lang === 'yaml');
  const steps = parse(first?.[2] ?? '') as { uses: string; with?: Record<string, unknown> }[];
  const step = steps.find((s) => s.uses.includes('/actions/trivy-gate@'));
  expect(Object.keys(step?.with ?? {}).filter((key) => !(key in action.inputs))).toEqual([]);
  expect(Object.keys(step?.with ?? {}).length).toBeGreaterThan(0);
});

it('documents an ignore-file example that reads as described', () => {
  const text = [...readme.matchAll(FENCED)].find(([, lang]) => lang === 'text')?.[2] ?? '';
  const entries = parseIgnoreFile(text, 'README');
  expect(entries.map((e) => [e.id, e.expires])).toEqual([
    ['CVE-2019-18276', undefined],
    ['CVE-2019-1549', '2027-01-31'],
  ]);
  expect([...activeIgnores(entries, '2027-01-30').active]).toContain('CVE-2019-1549');
  expect([...activeIgnores(entries, '2027-01-31').active]).not.toContain('CVE-2019-1549');
});
