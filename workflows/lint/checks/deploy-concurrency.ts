// Ours (zizmor's concurrency-limits asks less): two runs must never deploy at once, and a deploy must never be
// cancelled half-way. So a deploy job sits in a concurrency group whose name is the same for every run (not
// one with the run id or the commit in it), and neither its group nor the workflow's cancels in progress.
import { isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { deploys } from '../deploys.js';
import { expressionsIn, reads } from '../expressions.js';
import { at, child, type WorkflowSource } from '../source.js';

/** Contexts that differ from one run to the next: a group named with them holds one run only. */
const PER_RUN = [
  'github.run_id',
  'github.run_number',
  'github.run_attempt',
  'github.sha',
  'github.event.after',
  'github.event.pull_request.head.sha',
];

const cancels = (group: Node | undefined) => {
  const cancel = child(group, 'cancel-in-progress');
  return isScalar(cancel) && cancel.value !== false && cancel.value !== 'false' ? cancel : undefined;
};

export default defineCheck<WorkflowSource>({
  id: 'deploy-concurrency',
  summary:
    'deploy jobs (environment, GitOps bump, apply) in a concurrency group named the same for every run, that neither it nor the workflow cancels',
  run(w) {
    const out: Problem[] = [];
    const workflowGroup = child(w.root, 'concurrency');
    for (const job of w.jobs) {
      if (!deploys(job)) continue;
      const own = child(job.node, 'concurrency');
      const group = own ?? workflowGroup;
      if (group === undefined) {
        out.push(
          at(w, job.key, `job ${job.id} deploys without a concurrency group: two runs could deploy at once`),
        );
        continue;
      }
      const name = isScalar(group) ? group : child(group, 'group');
      const perRun = expressionsIn(w, name)
        .flatMap((e) => e.contexts)
        .find((c) => PER_RUN.some((p) => reads(c, p)));
      if (perRun)
        out.push(
          at(
            w,
            name,
            `job ${job.id}: the concurrency group differs per run (${perRun.path.join('.')}), so two runs could deploy at once`,
          ),
        );
      const ownCancel = cancels(own);
      if (ownCancel)
        out.push(
          at(w, ownCancel, `job ${job.id}: cancel-in-progress would stop a deploy half-way; set it to false`),
        );
      const workflowCancel = cancels(workflowGroup);
      if (workflowCancel)
        out.push(
          at(
            w,
            workflowCancel,
            `job ${job.id}: the workflow's concurrency group cancels in progress, and would stop this deploy half-way`,
          ),
        );
    }
    return out;
  },
});
