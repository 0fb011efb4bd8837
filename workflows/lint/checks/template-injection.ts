// zizmor's template-injection: `${{ }}` in a script is pasted into the code before the shell (or the script
// action) runs, so a value an attacker can choose becomes code. Each value is followed to where it comes from
// (taint.ts): directly from the event, or through `env:`, a matrix filled by `fromJSON`, a step's output, an
// untyped input. A fixed value (an id, a SHA, a result) or a secret is not reported; zizmor's pedantic
// persona reports those too.
import { isScalar } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { expressionsIn } from '../expressions.js';
import { child, usesName, type WorkflowSource } from '../source.js';
import { taint } from '../taint.js';

/** Actions whose inputs are code (lower-case name → the inputs). */
const SCRIPT_INPUTS: Record<string, readonly string[]> = {
  'actions/github-script': ['script'],
  'amadevus/pwsh-script': ['script'],
  'jannekem/run-python-script-action': ['script'],
  'cardinalby/js-eval-action': ['expression'],
  'addnab/docker-run-action': ['options', 'run'],
  'mikefarah/yq': ['cmd'],
};

export default defineCheck<WorkflowSource>({
  id: 'template-injection',
  summary:
    'no `${{ }}` carrying a value an attacker can choose in run: or in an input that is code (github-script, pwsh-script, yq …): pass it through env: and use "$NAME"',
  standsFor: ['template-injection'],
  run(w) {
    const out: Problem[] = [];
    for (const job of w.jobs)
      for (const step of job.steps) {
        const inputs = SCRIPT_INPUTS[usesName(step.uses) ?? ''];
        const sinks = inputs
          ? inputs.map((input) => child(child(step.node, 'with'), input))
          : [child(step.node, 'run')];
        for (const sink of sinks.filter(isScalar))
          for (const expression of expressionsIn(w, sink)) {
            const lines = new Set<number>();
            for (const ref of expression.contexts) {
              const reason = taint(w, job, step, ref);
              const line = expression.lineOf(ref);
              if (reason === undefined || lines.has(line)) continue;
              lines.add(line);
              out.push({
                file: w.file,
                line,
                message: `job ${job.id}: \`\${{${expression.body}}}\` is expanded into the script before it runs, and ${reason}; pass it through env: and use "$NAME"`,
              });
            }
          }
      }
    return out;
  },
});
