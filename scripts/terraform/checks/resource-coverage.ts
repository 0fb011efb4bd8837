// A resource type, or a registry module, that no check reads is reported as unchecked, never silently green:
// a fork adding an aws_lambda_function or another registry module learns that nothing here looked at it.
// Types that need no check carry the reason they were reviewed. A test keeps `checkedTypes` equal to the
// types the checks' sources name.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { modules, resources } from '../model.js';
import { at } from '../problems.js';
import { recordedModules } from './module-inputs.js';

/** Every resource type some check (or the IAM readers it uses) reads. */
export const checkedTypes: ReadonlySet<string> = new Set([
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_db_instance',
  'aws_ecr_lifecycle_policy',
  'aws_ecr_repository',
  'aws_ecr_repository_policy',
  'aws_eks_cluster',
  'aws_iam_group_policy',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy',
  'aws_instance',
  'aws_kms_key',
  'aws_launch_configuration',
  'aws_launch_template',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_s3_bucket',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  'aws_sqs_queue_redrive_allow_policy',
  'aws_ssoadmin_permission_set_inline_policy',
  'aws_vpc_security_group_ingress_rule',
]);

/** Types this tree uses that hold nothing to check, with why. */
export const reviewedTypes: Readonly<Record<string, string>> = {
  aws_kms_alias: 'a name for a key; the key is checked',
  aws_route53_record: 'a DNS record of the entrypoint',
  aws_acm_certificate: 'a public certificate, DNS-validated',
  aws_acm_certificate_validation: 'waits for the certificate',
  aws_iam_openid_connect_provider: 'grants nothing by itself; the trust policies naming it are checked',
  aws_vpc_endpoint: 'the S3 gateway endpoint: routes only, no policy set',
  aws_s3_bucket_ownership_controls: 'turns ACLs off on the state bucket',
  aws_s3_bucket_lifecycle_configuration: 'expires old state versions',
  aws_secretsmanager_secret:
    "Argo CD's repository credentials and the services' OAuth client credentials: containers without a version (the value never reaches state), on rotating keys of their own (terraform/test/argocd-repository.test.ts, terraform/test/oauth-clients.test.ts)",
};

/** Registry modules read by checks beyond their inputs (module-inputs reads every recorded one). */
const checkedModules = new Set(Object.keys(recordedModules));

export const resourceCoverage = defineCheck<TfTree>({
  id: 'resource-coverage',
  summary:
    'every resource type and registry module in the tree is read by a check or listed as reviewed with a reason: nothing unchecked passes silently',
  run(tree) {
    const problems: Problem[] = [];
    for (const r of resources(tree))
      if (!checkedTypes.has(r.type) && !(r.type in reviewedTypes))
        problems.push(
          at(
            r,
            `no check reads ${r.type}: it is unchecked (add a check, or review it in resource-coverage.ts)`,
          ),
        );
    for (const m of modules(tree)) {
      const source = String(m.body.source ?? '');
      if (!source.startsWith('.') && !checkedModules.has(source))
        problems.push(
          at(
            m,
            `no check reads the module ${source}: it is unchecked (record its inputs in module-inputs.json)`,
          ),
        );
    }
    return problems;
  },
});
