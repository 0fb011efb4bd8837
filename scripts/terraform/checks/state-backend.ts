// The remote state: an S3 backend with its native lock file (no DynamoDB table, deprecated since 1.11) and
// encryption, in every root applied per environment, whose state object (key) is given at init: one root,
// one state per environment.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { environmentRoots, nested, record } from '../model.js';
import { dirDisplay } from '../problems.js';

export const stateBackend = defineCheck<TfTree>({
  id: 'state-backend',
  summary:
    'every root applied per environment (one with <env>.tfvars) has an S3 backend with use_lockfile = true, encrypt = true, no dynamodb_table and no key (given at init, one per environment)',
  run(tree) {
    const problems: Problem[] = [];
    const roots = environmentRoots(tree);
    const withBackend = new Set<string>();
    for (const file of tree.files) {
      for (const terraform of nested(file.json, 'terraform')) {
        for (const [kind, bodies] of Object.entries(record(terraform.backend) ?? {})) {
          withBackend.add(file.dir);
          for (const b of nested({ b: bodies }, 'b')) {
            const fail = (message: string) =>
              problems.push({ file: file.display, message: `backend "${kind}": ${message}` });
            if (kind !== 's3') fail('the state lives in the bootstrap S3 bucket: use backend "s3"');
            if (b.use_lockfile !== true) fail('use_lockfile must be true (S3 native locking)');
            if (b.encrypt !== true) fail('encrypt must be true');
            if ('dynamodb_table' in b)
              fail('dynamodb_table is deprecated since Terraform 1.11: lock with use_lockfile');
            if (roots.includes(file.dir) && 'key' in b)
              fail(
                `key ${JSON.stringify(b.key)} is written in the root: every environment would share one state; give it at init (-backend-config=key=envs/<env>/terraform.tfstate)`,
              );
          }
        }
      }
    }
    for (const dir of roots) {
      if (!withBackend.has(dir))
        problems.push({
          file: dirDisplay(tree, dir),
          message: 'no backend: the state would stay on one machine',
        });
    }
    return problems;
  },
});
