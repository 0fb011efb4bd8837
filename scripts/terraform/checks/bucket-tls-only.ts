// Every S3 bucket refuses plain HTTP: its bucket policy (in any form) denies requests where
// aws:SecureTransport is false. This project's rule (checkov's graph checks are not measured here).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { resources } from '../model.js';
import { deniesInsecureTransport, policiesOfBlock } from '../policy.js';
import { at } from '../problems.js';

export const bucketTlsOnly = defineCheck<TfTree>({
  id: 'bucket-tls-only',
  summary:
    'every S3 bucket has a bucket policy denying requests without TLS (Deny when aws:SecureTransport is false)',
  run(tree) {
    const problems: Problem[] = [];
    for (const bucket of resources(tree, 'aws_s3_bucket')) {
      const policies = [
        ...policiesOfBlock(tree, bucket, 'policy'),
        ...resources(tree, 'aws_s3_bucket_policy')
          .filter(
            (p) =>
              p.file.dir === bucket.file.dir &&
              String(p.body.bucket).includes(`aws_s3_bucket.${bucket.name}.`),
          )
          .flatMap((p) => policiesOfBlock(tree, p, 'policy')),
      ];
      if (!policies.some(deniesInsecureTransport))
        problems.push(
          at(
            bucket,
            'no bucket policy denying requests without TLS (Deny when aws:SecureTransport is false)',
          ),
        );
    }
    return problems;
  },
});
