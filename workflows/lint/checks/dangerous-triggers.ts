// zizmor's dangerous-triggers: pull_request_target and workflow_run run with this repository's secrets and a
// write token, on events a fork can cause. Checking out the pull request's code in them, or in an
// issue_comment workflow, runs the fork's code with those secrets.

import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { expressionsIn, reads } from '../expressions.js';
import { at, child, triggers, usesName, type WorkflowSource } from '../source.js';

const PRIVILEGED = new Set(['pull_request_target', 'workflow_run']);

/** A ref that names the pull request's head (its branch, its commit, or refs/pull/N). */
const HEAD_CONTEXTS = [
  'github.head_ref',
  'github.event.pull_request.head',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_repository',
  'github.event.issue.pull_request',
  'github.event.comment',
];

export default defineCheck<WorkflowSource>({
  id: 'dangerous-triggers',
  summary:
    'no pull_request_target or workflow_run, and no checkout of pull-request code in them or in issue_comment',
  standsFor: ['dangerous-triggers'],
  run(w) {
    const out: Problem[] = [];
    const events = triggers(w);
    for (const { name, node } of events)
      if (PRIVILEGED.has(name))
        out.push(
          at(w, node, `${name} runs with this repository's secrets on untrusted code; use pull_request`),
        );
    if (!events.some(({ name }) => PRIVILEGED.has(name) || name === 'issue_comment')) return out;
    for (const job of w.jobs)
      for (const step of job.steps) {
        if (usesName(step.uses) !== 'actions/checkout') continue;
        const ref = child(child(step.node, 'with'), 'ref');
        const pullRef = expressionsIn(w, ref).some((e) =>
          e.contexts.some((c) => HEAD_CONTEXTS.some((p) => reads(c, p))),
        );
        if (pullRef || /refs\/pull\//.test(w.text.slice(ref?.range?.[0] ?? 0, ref?.range?.[1] ?? 0)))
          out.push(
            at(
              w,
              ref,
              `job ${job.id}: checks out the pull request's code in a workflow that holds this repository's secrets`,
            ),
          );
      }
    return out;
  },
});
