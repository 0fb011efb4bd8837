import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { nested, references, resources } from '../model.js';
import { at, type Rule } from './rule.js';

export const ecrRepositories: Rule = {
  id: 'ecr-repository',
  checkov: ['CKV_AWS_51', 'CKV_AWS_163'],
  summary: 'every ECR repository: image_tag_mutability IMMUTABLE, scan_on_push = true, a lifecycle policy',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const r of resources(tree, 'aws_ecr_repository')) {
      if (r.body.image_tag_mutability !== 'IMMUTABLE') {
        findings.push(
          at(
            r,
            this.id,
            'image_tag_mutability must be IMMUTABLE: a released tag must always mean the same digest (CKV_AWS_51)',
          ),
        );
      }
      if (!nested(r.body, 'image_scanning_configuration').some((s) => s.scan_on_push === true)) {
        findings.push(at(r, this.id, 'image_scanning_configuration.scan_on_push must be true (CKV_AWS_163)'));
      }
      const lifecycle = resources(tree, 'aws_ecr_lifecycle_policy').some(
        (p) =>
          p.file.dir === r.file.dir &&
          (references(p.body, `aws_ecr_repository.${r.name}`) ||
            references(p.body.for_each, `aws_ecr_repository.${r.name}`)),
      );
      if (!lifecycle)
        findings.push(
          at(r, this.id, 'no aws_ecr_lifecycle_policy: images would pile up and be billed forever'),
        );
    }
    return findings;
  },
};
