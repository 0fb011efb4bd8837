// Every namespace of a deployable tree that runs pods has a default deny for both directions, so each
// allowed flow is one the tree states.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { list, record } from '../model.js';
import { podTemplate } from '../pods.js';
import { objectProblem, type TreeSubject } from './subject.js';

export const networkPolicy = defineCheck<TreeSubject>({
  id: 'network-policy',
  summary:
    'in deployable trees, each namespace with pods has a default-deny NetworkPolicy (Ingress and Egress)',
  run(subject) {
    if (!subject.deployable) return [];
    const { objects } = subject.tree;
    const denied = new Set(
      objects
        .filter(({ object }) => {
          const spec = record(object.spec);
          const selector = record(spec?.podSelector);
          const types = list(spec?.policyTypes);
          return (
            object.kind === 'NetworkPolicy' &&
            selector !== undefined &&
            Object.keys(selector).length === 0 &&
            types.includes('Ingress') &&
            types.includes('Egress')
          );
        })
        .map(({ object }) => object.metadata?.namespace ?? 'default'),
    );
    const out: Problem[] = [];
    const reported = new Set<string>();
    for (const item of objects) {
      if (!podTemplate(item.object)) continue;
      const ns = item.object.metadata?.namespace ?? 'default';
      if (denied.has(ns) || reported.has(ns)) continue;
      reported.add(ns);
      out.push(
        objectProblem(
          subject,
          item,
          `namespace "${ns}" has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress)`,
        ),
      );
    }
    return out;
  },
});
