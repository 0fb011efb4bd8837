// No Kubernetes API token in the pods: the services never call the API, so a stolen token is all risk.
import { defineCheck } from '../../checks/check.js';
import { perPod, type TreeSubject } from './subject.js';

export const serviceAccountToken = defineCheck<TreeSubject>({
  id: 'service-account-token',
  summary: 'pods set automountServiceAccountToken=false',
  run: (subject) =>
    perPod(subject, function* (pod) {
      if (pod.spec.automountServiceAccountToken !== false)
        yield 'pod must set automountServiceAccountToken=false (the services never call the Kubernetes API)';
    }),
});
