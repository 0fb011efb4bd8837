// Ours (no zizmor audit; its ref-version-mismatch checks such a comment against the tag): a SHA says nothing
// to a reviewer or to Dependabot's diff, so each pinned `uses:` names its version in a comment (`# v4.2.2`).
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { valueLine, type WorkflowSource } from '../source.js';
import { FULL_SHA, remoteUses } from './unpinned-uses.js';

export default defineCheck<WorkflowSource>({
  id: 'pin-version-comment',
  summary: 'a `uses:` pinned to a SHA says which version it is in a comment (# vX.Y.Z)',
  run(w) {
    const out: Problem[] = [];
    for (const { node, value, ref } of remoteUses(w))
      if (FULL_SHA.test(ref) && !node.comment?.trim())
        out.push({
          file: w.file,
          line: valueLine(w, node),
          message: `${value}: say which version the SHA is in a comment (# vX.Y.Z)`,
        });
    return out;
  },
});
