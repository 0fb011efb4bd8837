// No field the kind's schema does not know: a misspelt field is otherwise silently dropped by the API.
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { perObjectOfKind, type TreeSubject } from './subject.js';

export const schemaUnknownField = defineCheck<TreeSubject>({
  id: 'schema-unknown-field',
  summary: 'no field the schema of its kind does not know (a typo)',
  run: (subject) => perObjectOfKind(subject, schemaProblems, 'unknown-field'),
});
