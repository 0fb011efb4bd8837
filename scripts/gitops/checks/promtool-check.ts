// `promtool check rules` passes on each PrometheusRule's groups. Deployable trees only: a building
// block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import { promtoolFindings } from '../promtool.js';
import type { TreeSubject } from './subject.js';

export const promtoolCheck = defineCheck<TreeSubject>({
  id: 'promtool-check',
  summary: '`promtool check rules` passes on each PrometheusRule',
  run: (subject) => promtoolFindings(subject, 'check'),
});
