// zizmor's secrets-outside-env: a secret read by a job without an environment is a repository secret, open
// to every workflow and branch; in an environment it can be limited to protected branches and reviewers.
// GITHUB_TOKEN is always there; a reusable workflow cannot use its caller's environments.

import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { expressionsIn } from '../expressions.js';
import { at, child, everyScalar, triggers, type WorkflowSource } from '../source.js';

/**
 * Secrets read outside an environment on purpose (lower case), each with why: zizmor's
 * `secrets-outside-env.allow` policy, kept here so that a new one is a reviewed change.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  github_token: 'always there, scoped by permissions:',
  sonar_token:
    "analysis upload only; pull requests from this repository need it, and an environment's branch rules cannot admit them",
};

export default defineCheck<WorkflowSource>({
  id: 'secrets-outside-env',
  summary:
    'secrets read only in jobs with an environment (but GITHUB_TOKEN and the allowed ones, each with its reason)',
  standsFor: ['secrets-outside-env'],
  run(w) {
    if (triggers(w).some(({ name }) => name === 'workflow_call')) return [];
    const out: Problem[] = [];
    for (const job of w.jobs) {
      if (child(job.node, 'environment') !== undefined) continue;
      everyScalar(job.node, (scalar) => {
        for (const expression of expressionsIn(w, scalar))
          for (const ref of expression.contexts)
            if (
              ref.path[0] === 'secrets' &&
              ref.path.length > 1 &&
              ALLOWED[ref.path[1] as string] === undefined
            )
              out.push(
                at(
                  w,
                  expression.line,
                  `job ${job.id}: secrets.${ref.path[1]} outside an environment; give the job one and keep the secret there`,
                ),
              );
      });
    }
    return out;
  },
});
