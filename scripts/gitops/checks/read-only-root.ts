// A read-only root filesystem, with /tmp the only writable path (an emptyDir mounted there).
import { defineCheck } from '../../checks/check.js';
import { allContainers, podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const readOnlyRoot = defineCheck<TreeSubject>({
  id: 'read-only-root',
  summary: 'every container has a read-only root filesystem; an emptyDir is writable only at /tmp',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (!pod) return;
      const emptyDirs = new Set((pod.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
      for (const c of allContainers(pod.spec)) {
        if (c.securityContext?.readOnlyRootFilesystem !== true)
          yield `container "${c.name}" must set securityContext.readOnlyRootFilesystem=true`;
        for (const mount of c.volumeMounts ?? [])
          if (emptyDirs.has(mount.name) && mount.mountPath !== '/tmp')
            yield `container "${c.name}" mounts writable emptyDir "${mount.name}" at ${mount.mountPath}: only /tmp may be writable`;
      }
    }),
});
