// Each object's values match its kind's schema (kubernetes-models, the Argo CD models, crd-schemas.ts).
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const schema = defineCheck<TreeSubject>({
  id: 'schema',
  summary: "every object's values match its kind's schema (types, enums, required fields)",
  async run(subject) {
    const out = [];
    for (const item of subject.tree.objects)
      for (const p of await schemaProblems(item))
        if (p.kind === 'schema') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
