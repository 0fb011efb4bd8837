// `npm run check:terraform -- [DIR]` (default terraform/): parses every .tf file, runs terraform fmt -check
// and the policy rules, prints `file: rule: message` per finding and exits 1 when there is one.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Finding, formatFinding } from './findings.js';
import { terraformFmt } from './format.js';
import { loadTree } from './hcl.js';
import { rules } from './rules/index.js';

export interface CheckOptions {
  /** terraform binary for the format check. */
  readonly terraform?: string;
  /** Skip `terraform fmt` (the policy tests run rules only). */
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
  const { tree, findings } = await loadTree(root, cwd);
  let formatRan = false;
  if (!options.skipFormat) {
    const fmt = await terraformFmt(root, options.terraform, cwd);
    formatRan = fmt.ran;
    findings.push(...fmt.findings);
  }
  for (const rule of rules) findings.push(...rule.check(tree));
  // A module called by dev and prod is checked once per caller: print each finding once.
  const unique = [...new Map(findings.map((f) => [formatFinding(f), f])).values()];
  return {
    findings: unique,
    files: tree.files.length + unique.filter((f) => f.rule === 'parse').length,
    formatRan,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    process.stderr.write('usage: npm run check:terraform -- [DIR]   (default: terraform)\n');
    return 2;
  }
  const dir = args[0] ?? 'terraform';
  const { findings, files } = await checkTerraform(dir);
  if (files === 0) {
    process.stderr.write(`${dir}: no .tf files found\n`);
    return 2;
  }
  for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
  process.stderr.write(
    `${dir}: ${files} .tf files; parse, terraform fmt, ${rules.length} policy rules: ${findings.length} finding(s)\n`,
  );
  return findings.length > 0 ? 1 : 0;
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
