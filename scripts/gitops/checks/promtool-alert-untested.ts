// Every alert has unit tests, one where it fires and one where it clears. Deployable trees only: a
// building block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { promtoolProblems } from '../promtool.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const promtoolAlertUntested = defineCheck<TreeSubject>({
  id: 'promtool-alert-untested',
  summary: 'every alert has unit tests, one where it fires and one where it clears',
  async run(subject) {
    if (!subject.deployable) return [];
    const options = {
      repoRoot: subject.repoRoot,
      ...(subject.promtool ? { promtool: subject.promtool } : {}),
    };
    const out: Problem[] = [];
    for (const item of subject.tree.objects.filter((o) => o.object.kind === 'PrometheusRule'))
      for (const p of await promtoolProblems(item, options))
        if (p.kind === 'untested') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
