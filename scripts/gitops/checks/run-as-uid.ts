// Pods run as uid 65532, the images' own user: a file the image owns stays readable, nothing else is root.
import { defineCheck } from '../../checks/check.js';
import { allContainers, podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

const UID = 65532;

export const runAsUid = defineCheck<TreeSubject>({
  id: 'run-as-uid',
  summary: `pods run as uid ${UID} (securityContext.runAsUser), and no container as another`,
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (!pod) return;
      const others = allContainers(pod.spec)
        .map((c) => c.securityContext?.runAsUser)
        .filter((u) => u !== undefined && u !== UID);
      if (pod.spec.securityContext?.runAsUser !== UID || others.length > 0)
        yield `pod must run as uid ${UID} (securityContext.runAsUser), the images' user`;
    }),
});
