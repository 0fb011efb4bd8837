// `npm run check:terraform -- [DIR] [--format text|sarif] [--output FILE]` (default terraform/): parses every
// .tf file and committed var-file, runs terraform fmt -check and the policy checks (once per environment a
// root's <env>.tfvars names), prints `file:line: check: message` per finding (or SARIF) and exits 1 when one
// is an error.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecks } from '../checks/check.js';
import { type Finding, failing, sortFindings } from '../checks/finding.js';
import { parseOutputArgs, UsageError, writeFindings } from '../checks/output.js';
import { terraformChecks } from './checks/index.js';
import { terraformFmt } from './format.js';
import { loadTree } from './hcl.js';
import { environmentViews } from './model.js';

export interface CheckOptions {
  /** terraform binary for the format check. */
  readonly terraform?: string;
  /** Skip `terraform fmt` (the policy tests run checks only). */
  readonly skipFormat?: boolean;
  readonly cwd?: string;
}

export interface CheckResult {
  readonly findings: Finding[];
  readonly files: number;
  readonly formatRan: boolean;
}

export async function checkTerraform(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, dir);
  const [{ tree, findings }, fmt] = await Promise.all([
    loadTree(root, cwd),
    options.skipFormat ? undefined : terraformFmt(root, options.terraform, cwd),
  ]);
  if (fmt) findings.push(...fmt.findings);
  // Once per environment (its var-file's values), as Terraform would plan it: a finding both environments
  // share is printed once by sortFindings.
  for (const view of environmentViews(tree)) findings.push(...(await runChecks(terraformChecks, view)));
  const unique = sortFindings(findings);
  return {
    findings: unique,
    files: new Set([
      ...tree.files.map((f) => f.display),
      ...(tree.varFiles ?? []).map((f) => f.display),
      ...unique.filter((f) => f.rule === 'parse').map((f) => f.file),
    ]).size,
    formatRan: fmt?.ran ?? false,
  };
}

const usage =
  'usage: npm run check:terraform -- [DIR] [--format text|sarif] [--output FILE]   (default DIR: terraform)';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOutputArgs>;
  try {
    parsed = parseOutputArgs(argv);
    if (parsed.rest.length > 1) throw new UsageError('one directory at most');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`check:terraform: ${error.message}\n${usage}\n`);
    return 2;
  }
  const dir = parsed.rest[0] ?? 'terraform';
  const { findings, files } = await checkTerraform(dir);
  if (files === 0) {
    process.stderr.write(`${dir}: no .tf files found\n`);
    return 2;
  }
  writeFindings(
    findings,
    parsed.options,
    { name: 'check-terraform', readme: 'terraform/README.md' },
    terraformChecks,
  );
  process.stderr.write(
    `${dir}: ${files} .tf and var-files; parse, terraform fmt, ${terraformChecks.length} policy checks: ${findings.length} finding(s)\n`,
  );
  return failing(findings) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`check:terraform: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
