// Every S3 bucket keeps versions (CKV_AWS_21) and blocks public access with all four flags (CKV_AWS_53-56,
// CKV2_AWS_6).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, nested, resources } from '../model.js';
import { at } from '../problems.js';

export const stateBucket = defineCheck<TfTree>({
  id: 'state-bucket',
  standsFor: ['CKV_AWS_21', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
  summary: 'every S3 bucket: versioning Enabled and all four public access blocks true',
  run(tree) {
    const problems: Problem[] = [];
    const of = (type: string, bucket: Block) =>
      resources(tree, type).filter(
        (r) =>
          r.file.dir === bucket.file.dir && String(r.body.bucket).includes(`aws_s3_bucket.${bucket.name}.`),
      );
    for (const bucket of resources(tree, 'aws_s3_bucket')) {
      const fail = (m: string) => problems.push(at(bucket, m));
      const versioned = of('aws_s3_bucket_versioning', bucket).some((v) =>
        nested(v.body, 'versioning_configuration').some((c) => c.status === 'Enabled'),
      );
      if (!versioned) fail('versioning is not Enabled [CKV_AWS_21]: a bad apply could not be undone');
      const flags = [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ];
      const blocked = of('aws_s3_bucket_public_access_block', bucket).some((p) =>
        flags.every((f) => p.body[f] === true),
      );
      if (!blocked)
        fail(
          `a public access block with ${flags.join(', ')} all true is required [CKV_AWS_53] [CKV_AWS_54] [CKV_AWS_55] [CKV_AWS_56] [CKV2_AWS_6]`,
        );
    }
    return problems;
  },
});
