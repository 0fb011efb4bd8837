// No Kubernetes API token in the pods: the services never call the API, so a stolen token is all risk.
import { defineCheck } from '../../checks/check.js';
import { podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const serviceAccountToken = defineCheck<TreeSubject>({
  id: 'service-account-token',
  summary: 'pods set automountServiceAccountToken=false',
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (pod && pod.spec.automountServiceAccountToken !== false)
        yield 'pod must set automountServiceAccountToken=false (the services never call the Kubernetes API)';
    }),
});
