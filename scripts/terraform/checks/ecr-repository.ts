// CKV_AWS_51 and CKV_AWS_163: every ECR repository keeps its tags immutable (a released tag always means
// the same digest) and scans images on push.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { nested, resources } from '../model.js';
import { at } from '../problems.js';

export const ecrRepository = defineCheck<TfTree>({
  id: 'ecr-repository',
  standsFor: ['CKV_AWS_51', 'CKV_AWS_163'],
  summary: 'every ECR repository: image_tag_mutability IMMUTABLE and scan_on_push = true',
  run(tree) {
    const problems: Problem[] = [];
    for (const r of resources(tree, 'aws_ecr_repository')) {
      if (r.body.image_tag_mutability !== 'IMMUTABLE') {
        problems.push(
          at(
            r,
            'image_tag_mutability must be IMMUTABLE: a released tag must always mean the same digest [CKV_AWS_51]',
          ),
        );
      }
      if (!nested(r.body, 'image_scanning_configuration').some((s) => s.scan_on_push === true)) {
        problems.push(at(r, 'image_scanning_configuration.scan_on_push must be true [CKV_AWS_163]'));
      }
    }
    return problems;
  },
});
