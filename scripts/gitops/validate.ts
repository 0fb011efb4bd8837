// npm run validate:gitops [root] [--format text|sarif] [--output FILE]: renders and checks every
// kustomization under gitops/ (or root), prints the table and each finding as `file:line: rule: message`
// (or SARIF for code scanning), exits 1 on any finding of severity error.
import { resolve } from 'node:path';
import { parseOutputArgs, UsageError, writeFindings } from '../checks/output.js';
import { gitopsChecks } from './checks/index.js';
import { NothingToValidateError } from './discover.js';
import { GITOPS_DIR } from './layout.js';
import { table } from './table.js';
import { validateGitops } from './validate-gitops.js';

try {
  const { options, rest } = parseOutputArgs(process.argv.slice(2));
  if (rest.length > 1) throw new UsageError(`one GitOps root at most, not ${rest.join(' ')}`);
  const result = await validateGitops({ root: resolve(rest[0] ?? GITOPS_DIR) });
  // SARIF on standard output must stay one JSON document: the table goes to standard error then.
  const tableOut = options.format === 'sarif' && !options.output ? process.stderr : process.stdout;
  tableOut.write(`${table(result)}\n${result.findings.length > 0 ? '\n' : ''}`);
  writeFindings(
    result.findings,
    options,
    { name: 'validate-gitops', readme: `${GITOPS_DIR}/README.md` },
    gitopsChecks,
  );
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  // A root with nothing to check, a bad option (or an unexpected failure): one line, exit 2. A missing
  // kubectl or promtool is a finding of its tree instead, so the table still shows what could not be checked.
  const known = error instanceof NothingToValidateError || error instanceof UsageError;
  console.error(`validate:gitops: ${known ? '' : 'cannot validate: '}${(error as Error).message}`);
  process.exitCode = 2;
}
