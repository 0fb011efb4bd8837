// Secrets come from External Secrets, never from git: a Secret with data in the tree is a leaked secret.
import { defineCheck } from '../../checks/check.js';
import { record } from '../model.js';
import { perObject, type TreeSubject } from './subject.js';

const hasEntries = (value: unknown) => Object.keys(record(value) ?? {}).length > 0;

export const secretData = defineCheck<TreeSubject>({
  id: 'secret-data',
  summary: 'no Secret with data or stringData (use an ExternalSecret)',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      if (object.kind === 'Secret' && (hasEntries(object.data) || hasEntries(object.stringData)))
        yield 'a Secret with data is a secret in git: use an ExternalSecret instead';
    }),
});
