// Each object's values match its kind's schema (kubernetes-models, the Argo CD models, crd-schemas.ts).
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { perObjectOfKind, type TreeSubject } from './subject.js';

export const schema = defineCheck<TreeSubject>({
  id: 'schema',
  summary: "every object's values match its kind's schema (types, enums, required fields)",
  run: (subject) => perObjectOfKind(subject, schemaProblems, 'schema'),
});
