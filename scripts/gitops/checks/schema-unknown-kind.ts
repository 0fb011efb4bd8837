// Every kind has a schema here: an object nothing can validate is refused until one is added.
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const schemaUnknownKind = defineCheck<TreeSubject>({
  id: 'schema-unknown-kind',
  summary: 'no kind without a schema (add one to scripts/gitops/crd-schemas.ts)',
  async run(subject) {
    const out = [];
    for (const item of subject.tree.objects)
      for (const p of await schemaProblems(item))
        if (p.kind === 'unknown-kind') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
