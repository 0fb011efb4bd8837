// zizmor's secrets-inherit: `secrets: inherit` hands every secret of this repository to the called workflow,
// whatever it needs; pass the ones it needs by name.
import { isScalar } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, type WorkflowSource } from '../source.js';

export default defineCheck<WorkflowSource>({
  id: 'secrets-inherit',
  summary: 'a reusable workflow gets the secrets it needs by name, never `secrets: inherit`',
  standsFor: ['secrets-inherit'],
  run(w) {
    const out: Problem[] = [];
    for (const job of w.jobs) {
      const secrets = child(job.node, 'secrets');
      if (isScalar(secrets) && String(secrets.value).toLowerCase() === 'inherit')
        out.push(
          at(
            w,
            child(job.node, 'uses') ?? job.key,
            `job ${job.id}: secrets: inherit passes every secret to the called workflow; name the ones it needs`,
          ),
        );
    }
    return out;
  },
});
