// zizmor's undocumented-permissions: a write scope is a grant a reviewer must be able to judge, so it says
// why on its line (`contents: write # push the GitOps commit`). One finding per permissions block, at its first
// write without a reason; model.ts makes the generated workflows carry one.
import type { Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, type WorkflowSource, writes } from '../source.js';

export default defineCheck<WorkflowSource>({
  id: 'undocumented-permissions',
  summary: 'each `write` permission with a comment on its line saying why',
  standsFor: ['undocumented-permissions'],
  run(w) {
    const out: Problem[] = [];
    const blocks: Array<[string, Node | undefined]> = [
      ['top level', child(w.root, 'permissions')],
      ...w.jobs.map((j): [string, Node | undefined] => [`job ${j.id}`, child(j.node, 'permissions')]),
    ];
    for (const [where, block] of blocks) {
      const undocumented = writes(block).filter((x) => !x.node.comment?.trim());
      const first = undocumented[0];
      if (first)
        out.push(
          at(
            w,
            first.key,
            `${where}: ${undocumented.map((x) => x.scope).join(', ')}: write without a comment saying why`,
          ),
        );
    }
    return out;
  },
});
