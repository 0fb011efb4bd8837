// The API server is the last line: each namespace a deployable tree runs pods in is declared in the tree
// with PSA enforcing `restricted` at a pinned version (`latest` moves with every cluster upgrade), so
// removing or weakening the label is a finding here before it is a hole in the cluster.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { ENFORCE_LABEL, ENFORCE_VERSION_LABEL } from '../pod-security.js';
import { embeddedPodSpec, podTemplate } from '../pods.js';
import { objectProblem, type TreeSubject } from './subject.js';

const PINNED = /^v1\.(\d+)$/;
/** PSA's newest version that added a refusal (hostProbesAndHostLifecycle, v1.34): an older pin weakens it. */
const OLDEST_PIN = 34;

export const namespacePodSecurity = defineCheck<TreeSubject>({
  id: 'namespace-pod-security',
  summary: `in deployable trees, each namespace with pods is declared with ${ENFORCE_LABEL}: restricted and ${ENFORCE_VERSION_LABEL} pinned to v1.${OLDEST_PIN} or newer`,
  run(subject) {
    if (!subject.deployable) return [];
    const { objects } = subject.tree;
    const out: Problem[] = [];
    const seen = new Set<string>();
    for (const item of objects) {
      if (!podTemplate(item.object) && !embeddedPodSpec(item.object)) continue;
      const ns = item.object.metadata?.namespace ?? 'default';
      if (seen.has(ns)) continue;
      seen.add(ns);
      const declared = objects.find((o) => o.object.kind === 'Namespace' && o.object.metadata?.name === ns);
      if (!declared) {
        out.push(
          objectProblem(
            subject,
            item,
            `runs in namespace "${ns}", which this tree does not declare: declare it with ${ENFORCE_LABEL}: restricted and a pinned ${ENFORCE_VERSION_LABEL}`,
          ),
        );
        continue;
      }
      const labels = declared.object.metadata?.labels ?? {};
      const level = labels[ENFORCE_LABEL];
      if (level !== 'restricted')
        out.push(
          objectProblem(
            subject,
            declared,
            `runs pods, so it must carry ${ENFORCE_LABEL}: restricted (${level === undefined ? 'missing' : `has ${JSON.stringify(level)}`})`,
          ),
        );
      const version = labels[ENFORCE_VERSION_LABEL];
      const minor = Number(version?.match(PINNED)?.[1] ?? Number.NaN);
      if (!(minor >= OLDEST_PIN))
        out.push(
          objectProblem(
            subject,
            declared,
            `must pin ${ENFORCE_VERSION_LABEL} to v1.${OLDEST_PIN} or newer (${version === undefined ? 'missing' : `has ${JSON.stringify(version)}`}): \`latest\` changes with each upgrade, and older versions lack checks`,
          ),
        );
    }
    return out;
  },
});
