// Encryption at rest with customer-managed KMS keys on everything that stores data: the state bucket, the
// queues, the images, Kubernetes Secrets, the database, the alarm topic; every key rotates.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, nested, record, registryModuleCalls, resolve, resources } from '../model.js';
import { at } from '../problems.js';

const set = (v: unknown) => v !== undefined && v !== null && v !== '';

export const encryption = defineCheck<TfTree>({
  id: 'encryption',
  standsFor: [
    'CKV_AWS_145',
    'CKV_AWS_27',
    'CKV_AWS_136',
    'CKV_AWS_58',
    'CKV_AWS_96',
    'CKV_AWS_327',
    'CKV_AWS_26',
    'CKV_AWS_7',
  ],
  summary:
    'KMS encryption on the state bucket, SQS queues, ECR repositories, EKS secrets, Aurora storage and SNS topics; rotation on every KMS key',
  run(tree) {
    const problems: Problem[] = [];
    const fail = (b: Block, m: string) => problems.push(at(b, m));
    const value = (b: Block, v: unknown) => resolve(tree, b.file.dir, v);

    for (const bucket of resources(tree, 'aws_s3_bucket')) {
      const sse = resources(tree, 'aws_s3_bucket_server_side_encryption_configuration').filter(
        (s) =>
          s.file.dir === bucket.file.dir && String(s.body.bucket).includes(`aws_s3_bucket.${bucket.name}.`),
      );
      const kms = sse.some((s) =>
        nested(s.body, 'rule').some((r) =>
          nested(r, 'apply_server_side_encryption_by_default').some(
            (d) => d.sse_algorithm === 'aws:kms' && set(d.kms_master_key_id),
          ),
        ),
      );
      if (!kms)
        fail(
          bucket,
          'no server-side encryption with a KMS key (sse_algorithm aws:kms + kms_master_key_id) [CKV_AWS_145]',
        );
    }
    for (const q of resources(tree, 'aws_sqs_queue')) {
      if (set(q.body.kms_master_key_id)) continue;
      if (value(q, q.body.sqs_managed_sse_enabled) === true)
        fail(
          q,
          'kms_master_key_id is not set: SQS-managed keys only (stricter than CKV_AWS_27: this project uses its KMS key)',
        );
      else fail(q, 'kms_master_key_id is not set: the queue is not encrypted [CKV_AWS_27]');
    }
    for (const r of resources(tree, 'aws_ecr_repository')) {
      const enc = nested(r.body, 'encryption_configuration');
      if (!enc.some((e) => e.encryption_type === 'KMS'))
        fail(r, 'encryption_configuration must be encryption_type KMS with kms_key [CKV_AWS_136]');
      else if (!enc.some((e) => set(e.kms_key)))
        fail(
          r,
          "encryption_configuration has no kms_key: AWS's own key (stricter than CKV_AWS_136: use this project's key)",
        );
    }
    for (const m of registryModuleCalls(tree, 'terraform-aws-modules/eks/aws')) {
      const config = record(value(m, m.body.encryption_config));
      const resourcesList = value(m, config?.resources);
      const key = value(m, m.body.create_kms_key) === true || set(config?.provider_key_arn);
      if (!config || !Array.isArray(resourcesList) || !resourcesList.includes('secrets') || !key) {
        fail(
          m,
          'encryption_config must encrypt "secrets" with a KMS key (create_kms_key = true or provider_key_arn) [CKV_AWS_58]',
        );
      }
    }
    for (const c of resources(tree, 'aws_eks_cluster')) {
      if (!JSON.stringify(c.body.encryption_config ?? null).includes('secrets'))
        fail(c, 'no encryption_config for secrets [CKV_AWS_58]');
    }
    const clusters = [
      ...registryModuleCalls(tree, 'terraform-aws-modules/rds-aurora/aws'),
      ...resources(tree, 'aws_rds_cluster'),
    ];
    for (const c of clusters) {
      // Aurora Serverless v1 is always encrypted.
      const serverless = value(c, c.body.engine_mode) === 'serverless';
      if (value(c, c.body.storage_encrypted) !== true && !serverless)
        fail(c, 'storage_encrypted must be true [CKV_AWS_96]');
      if (!set(c.body.kms_key_id))
        fail(c, 'kms_key_id is not set: storage must be encrypted with a customer-managed key [CKV_AWS_327]');
    }
    for (const t of resources(tree, 'aws_sns_topic')) {
      if (!set(t.body.kms_master_key_id)) fail(t, 'kms_master_key_id is not set [CKV_AWS_26]');
    }
    for (const k of resources(tree, 'aws_kms_key')) {
      if (value(k, k.body.enable_key_rotation) !== true)
        fail(k, 'enable_key_rotation must be true [CKV_AWS_7]');
    }
    return problems;
  },
});
