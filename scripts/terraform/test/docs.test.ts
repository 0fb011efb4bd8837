import { readFileSync } from 'node:fs';
import { expect, it } from '@jest/globals';
import { readmePath, renderReadme } from '../docs.js';

it('terraform/README.md lists every policy rule with its counter-examples (fix: npx tsx scripts/terraform/docs.ts)', () => {
  const readme = readFileSync(readmePath, 'utf8');
  expect(readme).toBe(renderReadme(readme));
});
