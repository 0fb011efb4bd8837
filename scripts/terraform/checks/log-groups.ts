// A CloudWatch log group states how long it keeps logs (CKV_AWS_66: without retention_in_days logs are kept,
// and billed, forever) and encrypts them with a KMS key (CKV_AWS_158).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { resources } from '../model.js';
import { at } from '../problems.js';

const set = (v: unknown) => v !== undefined && v !== null && v !== '';

export const logGroups = defineCheck<TfTree>({
  id: 'log-groups',
  standsFor: ['CKV_AWS_66', 'CKV_AWS_158'],
  summary: 'every aws_cloudwatch_log_group sets retention_in_days and kms_key_id',
  run(tree) {
    const problems: Problem[] = [];
    for (const g of resources(tree, 'aws_cloudwatch_log_group')) {
      if (!set(g.body.retention_in_days))
        problems.push(
          at(g, 'retention_in_days is not set: the logs are kept, and billed, forever [CKV_AWS_66]'),
        );
      if (!set(g.body.kms_key_id))
        problems.push(
          at(g, 'kms_key_id is not set: the logs are not encrypted with a KMS key [CKV_AWS_158]'),
        );
    }
    return problems;
  },
});
