// Every alert has unit tests, one where it fires and one where it clears. Deployable trees only: a
// building block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import { promtoolFindings } from '../promtool.js';
import type { TreeSubject } from './subject.js';

export const promtoolAlertUntested = defineCheck<TreeSubject>({
  id: 'promtool-alert-untested',
  summary: 'every alert has unit tests, one where it fires and one where it clears',
  run: (subject) => promtoolFindings(subject, 'untested'),
});
