// The YAML gitops/README.md shows is the real file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { clusterDir, GITOPS_DIR } from '../layout.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const APPS = `${clusterDir('dev')}/apps.yaml`;

it(`gitops/README.md shows ${APPS} as it is`, () => {
  const readme = readFileSync(join(repoRoot, GITOPS_DIR, 'README.md'), 'utf8');
  const block = readme.match(/```yaml\n([\s\S]*?)```/)?.[1];
  expect(block).toBe(readFileSync(join(repoRoot, APPS), 'utf8'));
});
