// Ours (zizmor's secrets-outside-env, narrowed to what must never leave it): the production secrets and the
// release role are read only in jobs of the `production` environment, whose required reviewers guard them,
// and a workflow that pull requests trigger never enters that environment. The GitHub App's key pushes to the
// protected main: an environment secret of the two deploy environments (deployment branches: main for dev,
// tags for production), never reachable from a pull request's run.

import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { expressionsIn } from '../expressions.js';
import { at, child, environmentName, everyScalar, triggers, type WorkflowSource } from '../source.js';

/** Secrets (and variables) that only a job in the `production` environment may read (lower case). */
const PRODUCTION_ONLY = [/^secrets\.prod(uction)?_\w+$/, /^vars\.aws_release_role_arn$/];
/** The App key: only in the deploy environments. */
const DEPLOY_ONLY = /^secrets\.gh_app_private_key$/;
const DEPLOY_ENVIRONMENTS = ['dev', 'production'];

const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

export default defineCheck<WorkflowSource>({
  id: 'production-secrets',
  summary:
    'production secrets and the release role only in jobs with environment: production, which no pull-request workflow has',
  run(w) {
    const out: Problem[] = [];
    const pullRequests = triggers(w).some(({ name }) => PULL_REQUEST_EVENTS.has(name));
    for (const job of w.jobs) {
      const environment = environmentName(job)?.toLowerCase();
      const production = environment === 'production';
      if (production && pullRequests)
        out.push(
          at(
            w,
            child(job.node, 'environment'),
            `job ${job.id}: environment production in a workflow that pull requests trigger`,
          ),
        );
      if (production) continue;
      everyScalar(job.node, (scalar) => {
        for (const expression of expressionsIn(w, scalar))
          for (const ref of expression.contexts) {
            const name = ref.path.slice(0, 2).join('.');
            if (PRODUCTION_ONLY.some((p) => p.test(name)))
              out.push(
                at(
                  w,
                  expression.line,
                  `job ${job.id}: ${name} outside environment: production (required reviewers guard it)`,
                ),
              );
            else if (DEPLOY_ONLY.test(name) && !DEPLOY_ENVIRONMENTS.includes(environment ?? ''))
              out.push(
                at(
                  w,
                  expression.line,
                  `job ${job.id}: ${name} outside the environments ${DEPLOY_ENVIRONMENTS.join(', ')} (their deployment branches guard it)`,
                ),
              );
          }
      });
    }
    return out;
  },
});
