// zizmor's excessive-permissions: the token should carry no more than the job needs. The top level grants
// nothing (`{}`, not even read-all), and each job lists its scopes (undocumented-permissions asks why).
import { isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, pair, type WorkflowSource, writes } from '../source.js';

export default defineCheck<WorkflowSource>({
  id: 'excessive-permissions',
  summary:
    'top-level permissions {} (no write, no read-all); a job without permissions of its own only under explicit top-level ones; each job write with a comment saying why',
  standsFor: ['excessive-permissions'],
  run(w) {
    const out: Problem[] = [];
    const top = pair(w.root, 'permissions');
    if (top === undefined)
      out.push(
        at(w, w.root, 'no top-level permissions: the token gets the repository default; set permissions: {}'),
      );
    else if (isScalar(top.value))
      out.push(
        at(
          w,
          top.key as Node,
          `top-level permissions: ${top.value.value}; use {} and grant per job what it needs`,
        ),
      );
    else
      for (const write of writes(top.value as Node))
        out.push(at(w, write.key, `top-level ${write.scope}: write; grant it only to the job that needs it`));
    for (const job of w.jobs) {
      const permissions = pair(job.node, 'permissions');
      if (permissions === undefined) {
        if (top === undefined)
          out.push(
            at(w, job.key, `job ${job.id}: no permissions here or at the top level; list what it needs`),
          );
        continue;
      }
      const value = permissions.value as Node;
      if (isScalar(value) && (value.value === 'write-all' || value.value === 'read-all'))
        out.push(at(w, permissions.key as Node, `job ${job.id}: ${value.value}; list the scopes it needs`));
    }
    return out;
  },
});
