// `promtool check rules` passes on each PrometheusRule's groups. Deployable trees only: a building
// block's rules are checked where it is deployed.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { promtoolProblems } from '../promtool.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const promtoolCheck = defineCheck<TreeSubject>({
  id: 'promtool-check',
  summary: '`promtool check rules` passes on each PrometheusRule',
  async run(subject) {
    if (!subject.deployable) return [];
    const options = {
      repoRoot: subject.repoRoot,
      ...(subject.promtool ? { promtool: subject.promtool } : {}),
    };
    const out: Problem[] = [];
    for (const item of subject.tree.objects.filter((o) => o.object.kind === 'PrometheusRule'))
      for (const p of await promtoolProblems(item, options))
        if (p.kind === 'check') out.push(objectProblem(subject, item, p.message));
    return out;
  },
});
