// `terraform fmt -check` with the machine's terraform binary: formatting needs no providers, so this runs
// for real here. A missing binary is a finding, never a silent pass.
import { execFile } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import type { Finding } from '../checks/finding.js';

export interface FmtResult {
  readonly findings: Finding[];
  /** False when the terraform binary could not be run. */
  readonly ran: boolean;
}

/** Runs `terraform fmt -check -recursive -list=true` inside `dir`; each listed file is a `fmt` finding. */
export function terraformFmt(
  dir: string,
  terraform = process.env.TERRAFORM_BIN ?? 'terraform',
  cwd = process.cwd(),
): Promise<FmtResult> {
  // Run inside dir so terraform lists paths relative to it, whatever the caller's working directory.
  const options = {
    cwd: dir,
    // An empty CLI config keeps terraform from warning about a missing ~/.terraformrc.
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? '/dev/null',
      CHECKPOINT_DISABLE: '1',
    },
  };
  return new Promise((done) => {
    execFile(
      terraform,
      ['fmt', '-check', '-recursive', '-list=true', '-no-color', '.'],
      options,
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          const message = `terraform not found (${terraform}): cannot run terraform fmt -check`;
          done({ ran: false, findings: [fmtFinding(display(dir, cwd), message)] });
          return;
        }
        const listed = stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const findings: Finding[] = listed.map((f) =>
          fmtFinding(display(join(dir, f), cwd), 'not formatted: run terraform fmt'),
        );
        if (error && findings.length === 0) {
          const message = `terraform fmt failed: ${stderr.replace(/\s+/g, ' ').trim()}`;
          findings.push(fmtFinding(display(dir, cwd), message));
        }
        done({ ran: true, findings });
      },
    );
  });
}

function fmtFinding(file: string, message: string): Finding {
  return { file, line: 1, rule: 'fmt', message, severity: 'error' };
}

/** A path relative to the working directory when it is inside it, else absolute. */
function display(p: string, cwd: string): string {
  const rel = relative(cwd, p);
  return rel.startsWith('..') ? p : rel.split(sep).join('/') || '.';
}
