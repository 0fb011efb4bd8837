// `npm run lint:workflows -- [--format text|sarif] [--output FILE] [FILE...]`: actionlint and our checks on
// workflow files (default .github/workflows/*.yml), one `file:line: rule: message` per finding (or SARIF);
// exit 1 when any finding is an error, 2 on a usage error.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Finding, failing, sortFindings } from '../scripts/checks/finding.js';
import { parseOutputArgs, UsageError, writeFindings } from '../scripts/checks/output.js';
import { WORKFLOW_CHECKS } from './lint/checks/index.js';
import { lintWorkflowFile } from './lint/lint.js';

export const TOOL = { name: 'lint-workflows', readme: 'workflows/README.md' } as const;

function defaultFiles(): string[] {
  const dir = join(process.cwd(), '.github', 'workflows');
  if (!existsSync(dir))
    throw new UsageError(`${dir}: no such folder; run from the repository root or name the workflow files`);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

async function main(argv: readonly string[]): Promise<number> {
  const { options, rest } = parseOutputArgs(argv);
  const findings: Finding[] = [];
  for (const path of rest.length > 0 ? rest : defaultFiles()) {
    const shown = relative(process.cwd(), path);
    const file = shown === '' || shown.startsWith('..') ? path : shown;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      findings.push({ file, line: 1, rule: 'read', message: (error as Error).message, severity: 'error' });
      continue;
    }
    findings.push(...(await lintWorkflowFile(file, text)));
  }
  const sorted = sortFindings(findings);
  writeFindings(sorted, options, TOOL, WORKFLOW_CHECKS);
  if (sorted.length > 0) console.error(`${sorted.length} finding(s)`);
  return failing(sorted) ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`lint:workflows: ${error.message}`);
    process.exitCode = 2;
  }
}
