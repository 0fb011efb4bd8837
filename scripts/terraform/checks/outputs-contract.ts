// The contract: the outputs the GitOps tree and the workflows read, exactly, from the environment root.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { environmentRoots, outputs } from '../model.js';
import { dirDisplay } from '../problems.js';

/**
 * The outputs that are maps, by service or by queue id (scripts/terraform/carry.ts turns them into the
 * per-service and per-queue keys of aws.env): `service_role_arns` and `repository_urls` by service,
 * `queues` by queue id, each `{url, dlq_url}`, `oauth_client_secrets` by service with an oauth-client.
 */
export const serviceOutputs = [
  'service_role_arns',
  'repository_urls',
  'queues',
  'oauth_client_secrets',
] as const;

/** The outputs that are one string each. */
export const platformOutputs = [
  'region',
  'account_id',
  'cluster_name',
  'external_secrets_role_arn',
  'database_endpoint',
  'database_name',
  'database_secret_arn',
  'certificate_arn',
  'hostname',
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

/** This list is the contract of terraform/environment (scripts/terraform/outputs.ts reads them). */
export const contractOutputs = [...platformOutputs, ...serviceOutputs] as const;

export const outputsContract = defineCheck<TfTree>({
  id: 'outputs-contract',
  summary:
    'every root applied per environment has exactly the outputs of the contract (region ... argocd_repository_secret, and the maps service_role_arns, repository_urls, queues, oauth_client_secrets)',
  run(tree) {
    const problems: Problem[] = [];
    for (const dir of environmentRoots(tree)) {
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
