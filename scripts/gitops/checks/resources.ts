// cpu and memory requests and limits on every container: the scheduler and the HPA need them.
import { defineCheck } from '../../checks/check.js';
import { allContainers } from '../pods.js';
import { perPod, type TreeSubject } from './subject.js';

export const resources = defineCheck<TreeSubject>({
  id: 'resources',
  summary: 'every container sets cpu and memory requests and limits',
  run: (subject) =>
    perPod(subject, function* (pod) {
      for (const c of allContainers(pod.spec))
        for (const kind of ['requests', 'limits'] as const)
          for (const resource of ['cpu', 'memory'])
            if (c.resources?.[kind]?.[resource] === undefined)
              yield `container "${c.name}" must set resources.${kind}.${resource}`;
    }),
});
