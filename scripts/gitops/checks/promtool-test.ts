// `promtool test rules` passes on the unit tests beside each PrometheusRule (alerts.yaml ->
// alerts.test.yaml). Deployable trees only: a building block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import { promtoolFindings } from '../promtool.js';
import type { TreeSubject } from './subject.js';

export const promtoolTest = defineCheck<TreeSubject>({
  id: 'promtool-test',
  summary: '`promtool test rules` passes on the unit tests beside each PrometheusRule',
  run: (subject) => promtoolFindings(subject, 'test'),
});
