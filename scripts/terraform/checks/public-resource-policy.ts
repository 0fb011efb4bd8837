// No resource policy lets anyone on the internet in: an Allow to principal "*" (or AWS "*") without a
// condition that narrows it, on an ECR repository (CKV_AWS_32), a KMS key (CKV_AWS_33), an S3 bucket
// (CKV_AWS_70), an SQS queue (CKV_AWS_168) or an SNS topic (CKV_AWS_169), whatever form the policy takes.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { resources } from '../model.js';
import { policiesOfBlock, type Statement } from '../policy.js';
import { at } from '../problems.js';

/** Resource type → the attribute holding its policy and the checkov id for it. */
export const policyHolders: readonly (readonly [string, string])[] = [
  ['aws_ecr_repository_policy', 'CKV_AWS_32'],
  ['aws_kms_key', 'CKV_AWS_33'],
  ['aws_s3_bucket', 'CKV_AWS_70'],
  ['aws_s3_bucket_policy', 'CKV_AWS_70'],
  ['aws_sqs_queue', 'CKV_AWS_168'],
  ['aws_sqs_queue_policy', 'CKV_AWS_168'],
  ['aws_sns_topic', 'CKV_AWS_169'],
  ['aws_sns_topic_policy', 'CKV_AWS_169'],
];

/**
 * Condition keys that say who or where the caller is (its organisation, account, ARN, source, network): a
 * condition on one of them, with a value that is not a bare wildcard, narrows "*" to someone. A key about
 * the request alone (aws:username, a tag) does not: an anonymous caller still gets in.
 */
const callerKeys =
  /^(aws:(PrincipalOrgID|PrincipalOrgPaths|PrincipalAccount|PrincipalArn|PrincipalServiceName|SourceAccount|SourceArn|SourceOwner|SourceOrgID|SourceOrgPaths|SourceVpc|SourceVpce|SourceIp|VpcSourceIp|VpceAccount|VpceOrgID|VpceOrgPaths|userid)|kms:(CallerAccount|ViaService))$/i;

/** `*`, or an ARN whose account is a wildcard (`arn:aws:iam::*`): nobody in particular. */
const anyone = (v: string) => v === '' || v === '*' || /^arn:[^:]*:[^:]*:[^:]*:\*/.test(v);

const narrows = (st: Statement) =>
  st.conditions.some((c) => callerKeys.test(c.variable) && c.values.some((v) => !anyone(v)));

export function isPublic(st: Statement): boolean {
  if (st.effect !== 'Allow' || st.notPrincipals) return false;
  const everyone = st.principals.some((p) => (p.type === '*' || p.type === 'AWS') && p.ids.some(anyone));
  return everyone && !narrows(st);
}

export const publicResourcePolicy = defineCheck<TfTree>({
  id: 'public-resource-policy',
  standsFor: ['CKV_AWS_32', 'CKV_AWS_33', 'CKV_AWS_70', 'CKV_AWS_168', 'CKV_AWS_169'],
  summary:
    'no ECR, KMS, S3, SQS or SNS policy allows principal "*" without a condition that narrows it (documents, jsonencode, JSON alike)',
  run(tree) {
    const problems: Problem[] = [];
    for (const [type, id] of policyHolders)
      for (const block of resources(tree, type))
        for (const policy of policiesOfBlock(tree, block, 'policy'))
          for (const st of policy.statements.filter(isPublic))
            problems.push(
              at(
                block,
                `statement ${st.sid} allows ${st.actions.join(', ') || 'its actions'} to anyone (principal ${JSON.stringify(st.principals.flatMap((p) => p.ids).find(anyone))}) with no condition naming the caller [${id}]`,
              ),
            );
    return problems;
  },
});
