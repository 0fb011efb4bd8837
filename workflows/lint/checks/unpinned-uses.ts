// zizmor's unpinned-uses: a tag or a branch can be moved to other code after review; a full commit SHA
// cannot. Steps' actions and jobs' reusable workflows alike (pin-version-comment asks for the version beside it).
import { isScalar, type Scalar } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { child, valueLine, type WorkflowSource } from '../source.js';

export const FULL_SHA = /^[0-9a-f]{40}$/;

/** Every remote `uses:` of the workflow (steps' actions, jobs' reusable workflows), trimmed. */
export function remoteUses(w: WorkflowSource): Array<{ node: Scalar; value: string; ref: string }> {
  const nodes = w.jobs.flatMap((job) => [
    child(job.node, 'uses'),
    ...job.steps.map((s) => child(s.node, 'uses')),
  ]);
  return nodes.filter(isScalar).flatMap((node) => {
    const value = String(node.value).trim();
    if (value.startsWith('./') || value.startsWith('docker://') || !value.includes('@')) return [];
    return [{ node, value, ref: value.slice(value.lastIndexOf('@') + 1) }];
  });
}

export default defineCheck<WorkflowSource>({
  id: 'unpinned-uses',
  summary: 'actions and reusable workflows pinned to a full 40-hex commit SHA',
  standsFor: ['unpinned-uses'],
  run(w) {
    const out: Problem[] = [];
    for (const { node, value, ref } of remoteUses(w))
      if (!FULL_SHA.test(ref))
        out.push({
          file: w.file,
          line: valueLine(w, node),
          message: `${value}: pin to a full 40-hex commit SHA (a tag or branch can move)`,
        });
    return out;
  },
});
