// Runs `trivy image` and returns its JSON report. Trivy reports every severity with exit code 0 and no ignore
// file of its own: the gate filters, counts and ignores itself, so the summary can say what was left out.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITIES } from './report.js';

/** What scanning needs from the machine; the defaults use @actions/io and @actions/exec. */
export interface ScanDeps {
  /** Absolute path of an executable on PATH, or '' when there is none. */
  which: (tool: string) => Promise<string>;
  /** Runs a command, streaming its output to the log; resolves with its exit code and stderr. */
  exec: (command: string, args: string[]) => Promise<{ exitCode: number; stderr: string }>;
  /** Folder for the report file. @defaultValue `RUNNER_TEMP`, else the OS temp folder */
  tempDir?: string;
}

/** Trivy could not run or failed; the message says what to check. */
export class ScanError extends Error {
  override name = 'ScanError';
}

/** The arguments for `trivy image`, writing the report to `output`. */
export function trivyArgs(ref: string, output: string, ignoreFile: string): string[] {
  return [
    'image',
    '--format',
    'json',
    '--output',
    output,
    '--quiet',
    '--exit-code',
    '0',
    // Explicit, so a trivy.yaml or TRIVY_SEVERITY in the workspace cannot hide findings from the counts.
    '--severity',
    SEVERITIES.join(','),
    // An empty file: Trivy would otherwise apply ./.trivyignore itself, without telling us what it dropped.
    '--ignorefile',
    ignoreFile,
    ref,
  ];
}

/** Scans `ref` with Trivy and returns the report's text. */
export async function scanImage(ref: string, deps: ScanDeps): Promise<string> {
  const trivy = await deps.which('trivy');
  if (trivy === '') {
    throw new ScanError(
      "input 'image-ref' needs Trivy, and 'trivy' is not on PATH: install it before this step " +
        "(e.g. aquasecurity/setup-trivy, or the trivy package from Aqua's apt/rpm repository), or pass a report " +
        "with 'report' instead",
    );
  }
  const dir = await mkdtemp(join(deps.tempDir ?? process.env.RUNNER_TEMP ?? tmpdir(), 'trivy-gate-'));
  try {
    const output = join(dir, 'report.json');
    const ignoreFile = join(dir, 'empty.trivyignore');
    await writeFile(ignoreFile, '');
    const { exitCode, stderr } = await deps.exec(trivy, trivyArgs(ref, output, ignoreFile));
    if (exitCode !== 0) {
      const tail = stderr.trim().split('\n').slice(-5).join('\n');
      throw new ScanError(
        `trivy image ${ref} exited with code ${exitCode}${tail ? `:\n${tail}\n` : '. '}` +
          'Check that the image exists, that the runner can pull it (registry login, or TRIVY_USERNAME and ' +
          'TRIVY_PASSWORD) and that Trivy can download its vulnerability database.',
      );
    }
    return await readFile(output, 'utf8').catch(() => {
      throw new ScanError(`trivy image ${ref} exited with code 0 but wrote no report to ${output}`);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
