// An object of a kind Pod Security Admission does not extract a pod from, yet embeds a pod spec (a CRD's
// workload, say), would pass every pod check unseen: it is refused instead, until pods.ts knows the kind.
import { defineCheck } from '../../checks/check.js';
import { embeddedPodSpec } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const uncheckedPodTemplate = defineCheck<TreeSubject>({
  id: 'unchecked-pod-template',
  summary:
    'no object of a kind the pod checks do not know (not Pod, PodTemplate, a workload or CronJob) embeds a pod spec',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const at = embeddedPodSpec(object);
      if (at)
        yield `embeds a pod spec at ${at}, which the pod-security checks cannot find in a ${object.kind}: deploy it as a Deployment, StatefulSet, DaemonSet, Job or CronJob, or teach scripts/gitops/pods.ts where its pod is`;
    }),
});
