// The services' probes: startup and liveness on /health (the process), readiness on /ready (its
// dependencies), so a lost database takes a pod out of the Service without restarting it.
import { defineCheck } from '../../checks/check.js';
import { podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const probes = defineCheck<TreeSubject>({
  id: 'probes',
  summary: 'startup and liveness probes on /health, readiness on /ready',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (!pod) return;
      for (const c of pod.spec.containers ?? []) {
        const wanted = [
          ['startupProbe', c.startupProbe, '/health'],
          ['livenessProbe', c.livenessProbe, '/health'],
          ['readinessProbe', c.readinessProbe, '/ready'],
        ] as const;
        for (const [probe, value, path] of wanted)
          if (value?.httpGet?.path !== path)
            yield `container "${c.name}" must have a ${probe} with httpGet.path ${path}`;
      }
    }),
});
