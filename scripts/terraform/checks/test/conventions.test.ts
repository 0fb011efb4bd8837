// The registry keeps the checkers' convention (one file and one test per check, a README line per id), the
// README's check table is the one docs.ts writes, and every counter-example names a registered check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { conventionProblems } from '../../../checks/conventions.js';
import { readmePath, renderReadme } from '../../docs.js';
import { terraformChecks } from '../index.js';
import { counterExamples } from './counter-examples.js';

it('each check has its file, its test and its README line', () => {
  expect(
    conventionProblems(terraformChecks, { dir: join(import.meta.dirname, '..'), readme: readmePath }),
  ).toEqual([]);
});

it('terraform/README.md lists every check with its counter-examples (fix: npx tsx scripts/terraform/docs.ts)', () => {
  const readme = readFileSync(readmePath, 'utf8');
  expect(readme).toBe(renderReadme(readme));
});

it('every counter-example names a registered check', () => {
  const ids = terraformChecks.map((c) => c.id);
  expect(counterExamples.map((c) => c.rule).filter((id) => !ids.includes(id))).toEqual([]);
});

it('a check standing for checkov ids quotes each of them in its findings ([CKV_...] in its source)', () => {
  for (const c of terraformChecks)
    for (const id of c.standsFor ?? []) {
      expect(id).toMatch(/^CKV2?_AWS_\d+$/);
      // Outside the standsFor list itself: in a message, or in the table a message is built from.
      const source = readFileSync(join(import.meta.dirname, '..', `${c.id}.ts`), 'utf8').replace(
        /standsFor:\s*\[[^\]]*\]/,
        '',
      );
      expect([c.id, id, source.includes(id)]).toEqual([c.id, id, true]);
    }
});
