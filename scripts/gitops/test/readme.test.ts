// The YAML gitops/README.md shows is the real file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..', '..', 'gitops');

it('gitops/README.md shows apps/dev/services.yaml as it is', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = readme.match(/```yaml\n([\s\S]*?)```/)?.[1];
  expect(block).toBe(readFileSync(join(root, 'argocd/apps/dev/services.yaml'), 'utf8'));
});
