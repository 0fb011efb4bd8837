// Every kind has a schema here: an object nothing can validate is refused until one is added.
import { defineCheck } from '../../checks/check.js';
import { schemaProblems } from '../schema.js';
import { perObjectOfKind, type TreeSubject } from './subject.js';

export const schemaUnknownKind = defineCheck<TreeSubject>({
  id: 'schema-unknown-kind',
  summary: 'no kind without a schema (add one to scripts/gitops/crd-schemas.ts)',
  run: (subject) => perObjectOfKind(subject, schemaProblems, 'unknown-kind'),
});
