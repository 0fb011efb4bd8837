// npm run validate:gitops [root]: renders and checks every kustomization under gitops/ (or root), prints
// the table and each violation as `file: [rule] object: message`, exits 1 on any violation.
import { resolve } from 'node:path';
import { NothingToValidateError } from './discover.js';
import { report } from './table.js';
import { validateGitops } from './validate-gitops.js';

const root = resolve(process.argv[2] ?? 'gitops');
try {
  const result = await validateGitops({ root });
  console.log(report(result));
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  // A root with nothing to check (or an unexpected failure): one line, exit 2. A missing kubectl or
  // promtool is a finding of its tree instead, so the table still shows what could not be checked.
  console.error(
    `validate:gitops: ${error instanceof NothingToValidateError ? '' : 'cannot validate: '}${(error as Error).message}`,
  );
  process.exitCode = 2;
}
