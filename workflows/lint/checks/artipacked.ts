// zizmor's artipacked: actions/checkout writes the token into .git/config unless told not to, and anything
// that uploads the work tree (an artifact, a cache, a log) then carries it.
import { isScalar } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, isBumpJob, usesName, type WorkflowSource } from '../source.js';

export default defineCheck<WorkflowSource>({
  id: 'artipacked',
  summary: 'actions/checkout with persist-credentials: false, except in the job that pushes a GitOps bump',
  standsFor: ['artipacked'],
  run(w) {
    const out: Problem[] = [];
    for (const job of w.jobs) {
      if (isBumpJob(job)) continue;
      for (const step of job.steps) {
        if (usesName(step.uses) !== 'actions/checkout') continue;
        const inputs = child(step.node, 'with');
        const value = child(inputs, 'persist-credentials');
        if (!(isScalar(value) && (value.value === false || value.value === 'false')))
          out.push(
            at(
              w,
              isScalar(inputs) ? inputs : step.node, // with: ${{ … }}: the line that decides
              `job ${job.id}: checkout leaves the token in .git/config; set persist-credentials: false`,
            ),
          );
      }
    }
    return out;
  },
});
