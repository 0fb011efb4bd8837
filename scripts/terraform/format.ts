// `terraform fmt -check` with the machine's terraform binary: formatting needs no providers, so this runs
// for real here. A missing binary is a finding, never a silent pass.
import { execFile } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import type { Finding } from './findings.js';

export interface FmtResult {
  readonly findings: Finding[];
  /** False when the terraform binary could not be run. */
  readonly ran: boolean;
}

/** Runs `terraform fmt -check -recursive -list=true <dir>`; each listed file is a `fmt` finding. */
export function terraformFmt(
  dir: string,
  terraform = process.env.TERRAFORM_BIN ?? 'terraform',
  cwd = process.cwd(),
): Promise<FmtResult> {
  return new Promise((resolvePromise) => {
    execFile(
      terraform,
      ['fmt', '-check', '-recursive', '-list=true', '-no-color', dir],
      // An empty CLI config keeps terraform from warning about a missing ~/.terraformrc.
      {
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? '/dev/null',
          CHECKPOINT_DISABLE: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') {
          resolvePromise({
            ran: false,
            findings: [
              {
                file: display(dir, cwd),
                rule: 'fmt',
                message: `terraform not found (${terraform}): cannot run terraform fmt -check`,
              },
            ],
          });
          return;
        }
        const files = stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const findings: Finding[] = files.map((f) => ({
          file: display(f.startsWith('/') ? f : join(dir, relative(dir, f) === f ? f : f), cwd),
          rule: 'fmt',
          message: 'not formatted: run terraform fmt',
        }));
        if (error && findings.length === 0) {
          findings.push({
            file: display(dir, cwd),
            rule: 'fmt',
            message: `terraform fmt failed: ${stderr.replace(/\s+/g, ' ').trim()}`,
          });
        }
        resolvePromise({ ran: true, findings });
      },
    );
  });
}

function display(p: string, cwd: string): string {
  return relative(cwd, p).split(sep).join('/') || '.';
}
