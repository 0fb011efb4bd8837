// The remote state: an S3 backend with its native lock file (no DynamoDB table, deprecated since 1.11) and
// encryption; a bucket that keeps versions, blocks public access and refuses plain HTTP.
import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { type Block, dataSources, isDirOf, nested, record, resources } from '../model.js';
import { at, dirDisplay, type Rule, statements } from './rule.js';

export const stateBackend: Rule = {
  id: 'state-backend',
  checkov: [],
  summary:
    'every envs/* directory has an S3 backend with use_lockfile = true, encrypt = true and no dynamodb_table',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    const envDirs = new Set(tree.files.filter((f) => isDirOf(tree, f.dir, 'envs')).map((f) => f.dir));
    const withBackend = new Set<string>();
    for (const file of tree.files) {
      for (const terraform of nested(file.json, 'terraform')) {
        for (const [kind, bodies] of Object.entries(record(terraform.backend) ?? {})) {
          withBackend.add(file.dir);
          for (const b of nested({ b: bodies }, 'b')) {
            const fail = (message: string) =>
              findings.push({ file: file.display, rule: this.id, message: `backend "${kind}": ${message}` });
            if (kind !== 's3') fail('the state lives in the bootstrap S3 bucket: use backend "s3"');
            if (b.use_lockfile !== true) fail('use_lockfile must be true (S3 native locking)');
            if (b.encrypt !== true) fail('encrypt must be true');
            if ('dynamodb_table' in b)
              fail('dynamodb_table is deprecated since Terraform 1.11: lock with use_lockfile');
          }
        }
      }
    }
    for (const dir of envDirs) {
      if (!withBackend.has(dir))
        findings.push({
          file: dirDisplay(tree, dir),
          rule: this.id,
          message: 'no backend: the state would stay on one machine',
        });
    }
    return findings;
  },
};

export const stateBucket: Rule = {
  id: 'state-bucket',
  checkov: ['CKV_AWS_21', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
  summary:
    'every S3 bucket: versioning Enabled, all four public access blocks true, a bucket policy denying aws:SecureTransport = false',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    const of = (type: string, bucket: Block) =>
      resources(tree, type).filter(
        (r) =>
          r.file.dir === bucket.file.dir && String(r.body.bucket).includes(`aws_s3_bucket.${bucket.name}.`),
      );
    for (const bucket of resources(tree, 'aws_s3_bucket')) {
      const fail = (m: string) => findings.push(at(bucket, this.id, m));
      const versioned = of('aws_s3_bucket_versioning', bucket).some((v) =>
        nested(v.body, 'versioning_configuration').some((c) => c.status === 'Enabled'),
      );
      if (!versioned) fail('versioning is not Enabled (CKV_AWS_21): a bad apply could not be undone');
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
          `a public access block with ${flags.join(', ')} all true is required (CKV_AWS_53-56, CKV2_AWS_6)`,
        );
      const tlsOnly = of('aws_s3_bucket_policy', bucket).some((p) => {
        const doc = /data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json/.exec(String(p.body.policy))?.[1];
        const d = dataSources(tree, 'aws_iam_policy_document').find(
          (x) => x.file.dir === bucket.file.dir && x.name === doc,
        );
        return d !== undefined && denyInsecureTransport(d);
      });
      if (!tlsOnly)
        fail('no bucket policy denying requests without TLS (Deny when aws:SecureTransport is false)');
    }
    return findings;
  },
};

/** A Deny statement whose condition is Bool aws:SecureTransport = false. */
export function denyInsecureTransport(doc: Block): boolean {
  return statements(doc).some(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions.some(
        (c) =>
          c.test === 'Bool' &&
          c.variable === 'aws:SecureTransport' &&
          JSON.stringify(c.values) === '["false"]',
      ),
  );
}
