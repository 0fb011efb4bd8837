// Every ECR repository has a lifecycle policy: without one, every image ever pushed stays, and is billed,
// forever. This project's rule (checkov has none for it).
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { references, resources } from '../model.js';
import { at } from '../problems.js';

export const ecrLifecycle = defineCheck<TfTree>({
  id: 'ecr-lifecycle',
  summary: 'every ECR repository has an aws_ecr_lifecycle_policy',
  run(tree) {
    const problems: Problem[] = [];
    for (const r of resources(tree, 'aws_ecr_repository')) {
      const lifecycle = resources(tree, 'aws_ecr_lifecycle_policy').some(
        (p) =>
          p.file.dir === r.file.dir &&
          (references(p.body, `aws_ecr_repository.${r.name}`) ||
            references(p.body.for_each, `aws_ecr_repository.${r.name}`)),
      );
      if (!lifecycle)
        problems.push(at(r, 'no aws_ecr_lifecycle_policy: images would pile up and be billed forever'));
    }
    return problems;
  },
});
