// The contract: the outputs the GitOps tree and the workflows read, exactly, in every environment.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { directories, isDirOf, outputs } from '../model.js';
import { dirDisplay } from '../problems.js';

/** This list is the contract, for envs/dev and envs/prod (scripts/terraform/outputs.ts reads them). */
export const contractOutputs = [
  'region',
  'account_id',
  'cluster_name',
  'inventory_role_arn',
  'pricing_role_arn',
  'external_secrets_role_arn',
  'queue_url',
  'dlq_url',
  'database_endpoint',
  'database_name',
  'database_secret_arn',
  'certificate_arn',
  'hostname',
  'inventory_repository_url',
  'pricing_repository_url',
  'ecr_registry',
  'ci_role_arn',
  'pr_role_arn',
  'release_role_arn',
  'deploy_role_arn',
  'terraform_role_arn',
  'alb_controller_role_arn',
  'vpc_id',
  'cluster_autoscaler_role_arn',
  'loki_bucket',
  'loki_role_arn',
  'alertmanager_role_arn',
  'alerts_topic_arn',
  'argocd_repository_role_arn',
  'argocd_repository_secret',
] as const;

export const outputsContract = defineCheck<TfTree>({
  id: 'outputs-contract',
  summary: 'every envs/<env> has exactly the outputs of the contract (region ... alb_controller_role_arn)',
  run(tree) {
    const problems: Problem[] = [];
    for (const dir of directories(tree).filter((d) => isDirOf(tree, d, 'envs'))) {
      const names = outputs(tree)
        .filter((o) => o.file.dir === dir)
        .map((o) => o.name);
      const missing = contractOutputs.filter((n) => !names.includes(n));
      const extra = names.filter((n) => !(contractOutputs as readonly string[]).includes(n));
      const file = dirDisplay(tree, dir);
      if (missing.length > 0) problems.push({ file, message: `missing outputs: ${missing.join(', ')}` });
      if (extra.length > 0)
        problems.push({ file, message: `outputs outside the contract: ${extra.join(', ')}` });
    }
    return problems;
  },
});
