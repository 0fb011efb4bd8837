// cpu and memory requests and limits on every container: the scheduler and the HPA need them.
import { defineCheck } from '../../checks/check.js';
import { allContainers, podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const resources = defineCheck<TreeSubject>({
  id: 'resources',
  summary: 'every container sets cpu and memory requests and limits',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (!pod) return;
      for (const c of allContainers(pod.spec))
        for (const kind of ['requests', 'limits'] as const)
          for (const resource of ['cpu', 'memory'])
            if (c.resources?.[kind]?.[resource] === undefined)
              yield `container "${c.name}" must set resources.${kind}.${resource}`;
    }),
});
