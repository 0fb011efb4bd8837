// `promtool test rules` passes on the unit tests beside each PrometheusRule (alerts.yaml ->
// alerts.test.yaml). Deployable trees only: a building block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { promtoolProblems } from '../promtool.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const promtoolTest = defineCheck<TreeSubject>({
  id: 'promtool-test',
  summary: '`promtool test rules` passes on the unit tests beside each PrometheusRule',
  async run(subject) {
    if (!subject.deployable) return [];
    const options = {
      repoRoot: subject.repoRoot,
      ...(subject.promtool ? { promtool: subject.promtool } : {}),
    };
    const out: Problem[] = [];
    for (const item of subject.tree.objects.filter((o) => o.object.kind === 'PrometheusRule'))
      for (const p of await promtoolProblems(item, options))
        if (p.kind === 'test') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
