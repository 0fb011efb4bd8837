// No field the kind's schema does not know: a misspelt field is otherwise silently dropped by the API.
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const schemaUnknownField = defineCheck<TreeSubject>({
  id: 'schema-unknown-field',
  summary: 'no field the schema of its kind does not know (a typo)',
  async run(subject) {
    const out = [];
    for (const item of subject.tree.objects)
      for (const p of await schemaProblems(item))
        if (p.kind === 'unknown-field') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
