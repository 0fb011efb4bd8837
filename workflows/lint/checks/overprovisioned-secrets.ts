// zizmor's overprovisioned-secrets: `toJSON(secrets)` or a computed `secrets[…]` puts every secret in reach of
// the step (and GitHub can no longer tell which ones the job needs); name the secrets one by one.

import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { expressionsIn } from '../expressions.js';
import { at, everyScalar, type WorkflowSource } from '../source.js';

export default defineCheck<WorkflowSource>({
  id: 'overprovisioned-secrets',
  summary: 'no `toJSON(secrets)` or computed `secrets[…]`: every secret by name',
  standsFor: ['overprovisioned-secrets'],
  run(w) {
    const out: Problem[] = [];
    everyScalar(w.root, (scalar) => {
      for (const expression of expressionsIn(w, scalar))
        for (const ref of expression.contexts)
          if (ref.path[0] === 'secrets' && (ref.path.length === 1 || ref.dynamic))
            out.push(
              at(w, expression.line, `\`\${{${expression.body}}}\` reads every secret; name the ones needed`),
            );
    });
    return out;
  },
});
