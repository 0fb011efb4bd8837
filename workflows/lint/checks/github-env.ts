// zizmor's github-env: a line written to $GITHUB_ENV or $GITHUB_PATH sets the environment (LD_PRELOAD,
// NODE_OPTIONS, PATH) of every later step, so an attacker's text there is code execution. In a workflow that
// runs with this repository's secrets on events a fork can cause (pull_request_target, workflow_run), any
// computed value counts, as zizmor has it; in any workflow, a shell variable set from a value an attacker can
// choose (an issue title passed through env:, followed by taint.ts) counts too.
import { isScalar } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, triggers, type WorkflowSource } from '../source.js';
import { taint } from '../taint.js';

const PRIVILEGED = new Set(['pull_request_target', 'workflow_run']);

/** A line that writes to an environment file: bash redirect or tee, PowerShell, cmd. */
const WRITES_ENV_FILE =
  /(>>?|\btee\b[^|;]*?|\b(out-file|add-content|set-content|tee-object)\b[^|;]*?)\s*"?(\$\{?|\$env:|%)(GITHUB_ENV|GITHUB_PATH)\b/i;

/** `echo`/`printf` of fixed words only: nothing expanded by the shell or by the runner. */
const FIXED_ECHO = /^\s*(echo|printf)\s+[^$`%(){}]*?(>>?|\|)/i;

/** The variables a shell line expands (`$NAME`, `${NAME}`, `$env:NAME`, `%NAME%`), lower case. */
const variables = (line: string) =>
  [...line.matchAll(/\$\{?(?:env:)?([A-Za-z_]\w*)|%([A-Za-z_]\w*)%/g)].map((m) =>
    (m[1] ?? m[2] ?? '').toLowerCase(),
  );

export default defineCheck<WorkflowSource>({
  id: 'github-env',
  summary:
    'nothing an attacker can choose written to $GITHUB_ENV or $GITHUB_PATH (in pull_request_target and workflow_run workflows: nothing but fixed text)',
  standsFor: ['github-env'],
  run(w) {
    const privileged = triggers(w).some(({ name }) => PRIVILEGED.has(name));
    const out: Problem[] = [];
    for (const job of w.jobs)
      for (const step of job.steps) {
        const run = child(step.node, 'run');
        if (!isScalar(run)) continue;
        const writes = String(run.value)
          .split('\n')
          .filter((l) => WRITES_ENV_FILE.test(l) && !FIXED_ECHO.test(l));
        const tainted = (line: string) =>
          variables(line)
            .filter((name) => !/^github_(env|path)$/.test(name))
            .map((name) =>
              taint(w, job, step, { path: ['env', name], dynamic: false, calledBy: undefined, offset: 0 }),
            )
            .find((reason) => reason !== undefined && !reason.endsWith('is set outside this file'));
        const unsafe = privileged ? writes[0] : writes.find((l) => tainted(l) !== undefined);
        if (unsafe === undefined) continue;
        const why = tainted(unsafe);
        out.push(
          at(
            w,
            run,
            `job ${job.id}: \`${unsafe.trim()}\` writes ${why ? `a value an attacker can choose (${why})` : 'a computed value'} to an environment file${privileged ? ' in a workflow that forks can trigger with secrets' : ''}`,
          ),
        );
      }
    return out;
  },
});
