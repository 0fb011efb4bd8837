// A database keeps deletion protection: an aws_rds_cluster (CKV_AWS_139) or aws_db_instance (CKV_AWS_293)
// written with it off, or without it, fails. A value that comes from a variable is judged per environment,
// with that environment's var-file: prod (prod.tfvars) must pass true; dev may turn it off so `down` can
// delete the database.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import {
  type Block,
  localModuleCalls,
  registryModuleCalls,
  resolve,
  resolveSourced,
  resources,
} from '../model.js';
import { at } from '../problems.js';

const checked: readonly (readonly [string, string])[] = [
  ['aws_rds_cluster', 'CKV_AWS_139'],
  ['aws_db_instance', 'CKV_AWS_293'],
];

export const deletionProtection = defineCheck<TfTree>({
  id: 'deletion-protection',
  standsFor: ['CKV_AWS_139', 'CKV_AWS_293'],
  summary:
    'aws_rds_cluster, aws_db_instance and the rds-aurora module keep deletion_protection = true; a variable may turn it off in every environment but prod',
  run(tree) {
    const problems: Problem[] = [];
    const judge = (block: Block, id: string) => {
      const dir = block.file.dir;
      const raw = block.body.deletion_protection;
      const own = resolve(tree, dir, raw);
      if (own === true) return;
      if (typeof raw === 'string' && raw.startsWith('${var.') && own === undefined) {
        // Known only through the module's callers: prod must pass true.
        const variable = raw.slice('${var.'.length, -1);
        if (tree.environment !== 'prod') return;
        for (const call of localModuleCalls(tree, dir)) {
          const { value, file, line } = resolveSourced(tree, call.file.dir, call.body[variable]);
          if (value === true) continue;
          const message = `the prod environment passes deletion_protection = ${JSON.stringify(value ?? null)} to ${block.type || 'the module'} ${block.name} [${id}]`;
          // Where prod's value is written: its var-file when it sets it, else the call.
          problems.push(file ? { file, ...(line && { line }), message } : at(call, message));
        }
        return;
      }
      problems.push(
        at(
          block,
          `deletion_protection is ${own === undefined ? 'not set' : JSON.stringify(own)}: one destroy deletes the data [${id}]`,
        ),
      );
    };
    for (const [type, id] of checked) for (const r of resources(tree, type)) judge(r, id);
    for (const m of registryModuleCalls(tree, 'terraform-aws-modules/rds-aurora/aws'))
      judge(m, 'CKV_AWS_139');
    return problems;
  },
});
