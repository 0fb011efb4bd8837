// `npm run lint:workflows -- [FILE...]`: actionlint and our security rules on workflow files (default
// .github/workflows/*.yml), one `file:line: rule: message` per finding; exit 1 when there is any.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { actionlint } from './actionlint.js';
import { checkWorkflow } from './rules.js';
import { type Finding, parseWorkflowSource } from './source.js';

/** Every finding of one file: actionlint's first, then ours, in line order. */
export async function lintWorkflowFile(file: string, text: string): Promise<Finding[]> {
  const ours = checkWorkflow(parseWorkflowSource(file, text));
  return [...(await actionlint(file, text)), ...ours].sort((a, b) => a.line - b.line);
}

export const formatFinding = (f: Finding) => `${f.file}:${f.line}: ${f.rule}: ${f.message}`;

function defaultFiles(): string[] {
  const dir = join(process.cwd(), '.github', 'workflows');
  if (!existsSync(dir)) {
    console.error(`${dir}: no such folder; run from the repository root or name the workflow files`);
    process.exit(2);
  }
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const files = process.argv.slice(2);
  let total = 0;
  for (const path of files.length > 0 ? files : defaultFiles()) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      console.error(`${path}:1: read: ${(error as Error).message}`);
      total++;
      continue;
    }
    const shown = relative(process.cwd(), path);
    const findings = await lintWorkflowFile(shown === '' || shown.startsWith('..') ? path : shown, text);
    for (const f of findings) console.log(formatFinding(f));
    total += findings.length;
  }
  if (total > 0) console.error(`${total} finding(s)`);
  process.exit(total > 0 ? 1 : 0);
}
