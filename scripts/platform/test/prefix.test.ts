// Another prefix, in a checkout of HEAD: `npm run init -- --prefix acme` carries it everywhere it is
// written, the generated workflows included (their images are `<registry>/<prefix>/<service>`), and leaves
// nothing for `npm run derive -- --check` or `npm run workflows -- --check` to find.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { REPOSITORY_ROOT } from '../../../services/lib/catalogue/names.js';
import { checkoutCommit } from '../../images/checkout.js';
import { FORK, pinnedRuntimeBase } from '../fork.js';

const dir = mkdtempSync(join(tmpdir(), 'init-prefix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('npm run init -- --prefix acme rewrites the workflows and every derived file, and nothing drifts', () => {
  const root = checkoutCommit(REPOSITORY_ROOT, join(dir, 'repo'));
  const tsx = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8' });
  const out = tsx(
    'scripts/platform/init.ts',
    ...['--repo', FORK.repository, '--domain', FORK.domain, '--email', FORK.email],
    ...['--region', FORK.region, '--admin-cidr', FORK.adminCidr, '--prefix', 'acme'],
    ...['--base-image', pinnedRuntimeBase(root)],
  );
  expect(out).toContain('prefix: "shop" → "acme"');
  expect(out).toContain('wrote .github/workflows/main.yml');
  expect(readFileSync(join(root, '.github/workflows/main.yml'), 'utf8')).toContain('/acme/');
  expect(readFileSync(join(root, 'gitops/apps/prod/kustomization.yaml'), 'utf8')).toMatch(
    /^namespace: acme-prod$/m,
  );
  // Both checks exit 0 (execFileSync throws otherwise).
  tsx('workflows/generate.ts', '--check');
  tsx('scripts/catalogue/derive.ts', '--check');
}, 120_000);
