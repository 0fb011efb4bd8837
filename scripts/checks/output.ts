// The command-line side shared by the three checkers: `--format text|sarif` and `--output FILE`, parsed in one
// place, and the report written in the chosen form.
import { writeFileSync } from 'node:fs';
import type { Check } from './check.js';
import { type Finding, formatFinding } from './finding.js';
import { type SarifTool, toSarif } from './sarif.js';

export interface OutputOptions {
  readonly format: 'text' | 'sarif';
  /** Where the SARIF (or text) goes; standard output when absent. */
  readonly output?: string;
}

export class UsageError extends Error {}

/** Splits the checker's own arguments from the output options; unknown `--flags` are a usage error. */
export function parseOutputArgs(argv: readonly string[]): { options: OutputOptions; rest: string[] } {
  let format: OutputOptions['format'] = 'text';
  let output: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string?]) : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (arg === '--') continue;
    if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'sarif')
        throw new UsageError(`--format must be text or sarif, not ${JSON.stringify(v)}`);
      format = v;
    } else if (flag === '--output') output = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else rest.push(arg);
  }
  return { options: output === undefined ? { format } : { format, output }, rest };
}

/**
 * Writes the findings: text lines to standard output (or the file), or one SARIF log. With `--format sarif
 * --output F`, the text lines still go to standard output, so the job log shows what the upload carries.
 */
export function writeFindings(
  findings: readonly Finding[],
  options: OutputOptions,
  tool: SarifTool,
  checks: readonly Check<never>[],
): void {
  const text = findings.map((f) => `${formatFinding(f)}\n`).join('');
  if (options.format === 'text') {
    if (options.output) writeFileSync(options.output, text);
    else process.stdout.write(text);
    return;
  }
  const sarif = `${JSON.stringify(toSarif(tool, checks, findings), null, 2)}\n`;
  if (options.output) {
    writeFileSync(options.output, sarif);
    process.stdout.write(text);
  } else process.stdout.write(sarif);
}
