// Ours (no zizmor audit): an OIDC token is a credential to AWS and to the attestation signer; only the jobs
// that log in or attest may ask for one.

import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, usesName, type WorkflowSource, writes } from '../source.js';

/** Actions that log in to AWS with the job's OIDC token, or sign an attestation with it (lower case). */
const OIDC_USERS = [
  /^\.\/actions\/aws-oidc-login$/,
  /^aws-actions\/configure-aws-credentials$/,
  /^actions\/attest(-build-provenance|-sbom)?$/,
];

export default defineCheck<WorkflowSource>({
  id: 'id-token',
  summary: 'id-token: write only on jobs that log in to AWS or attest',
  run(w) {
    const out: Problem[] = [];
    for (const write of writes(child(w.root, 'permissions')).filter((x) => x.scope === 'id-token'))
      out.push(at(w, write.key, 'top-level id-token: write reaches every job; grant it per job'));
    for (const job of w.jobs) {
      const write = writes(child(job.node, 'permissions')).find((x) => x.scope === 'id-token');
      if (write === undefined) continue;
      if (!job.steps.some((s) => OIDC_USERS.some((p) => p.test(usesName(s.uses) ?? ''))))
        out.push(
          at(w, write.key, `job ${job.id}: id-token: write, but it neither logs in to AWS nor attests`),
        );
    }
    return out;
  },
});
