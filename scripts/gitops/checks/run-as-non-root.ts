// PSA runAsNonRoot (restricted, v1.35): the pod or every container sets runAsNonRoot=true and none sets
// false; pods in a user namespace (hostUsers: false) are exempt.
import { containersPhrase, inUserNamespace, podSecurityCheck } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const runAsNonRoot = podSecurityCheck({
  id: 'run-as-non-root',
  psaCheck: 'runAsNonRoot',
  level: 'restricted',
  summary: 'the pod or every container sets runAsNonRoot=true, none sets false (hostUsers: false exempt)',
  check(pod) {
    if (inUserNamespace(pod)) return undefined;
    const setters: string[] = [];
    const podValue = pod.spec.securityContext?.runAsNonRoot;
    if (podValue === false) setters.push('pod');
    const explicit: string[] = [];
    const implicit: string[] = [];
    for (const c of allContainers(pod.spec)) {
      const value = c.securityContext?.runAsNonRoot;
      if (value === false) explicit.push(c.name);
      else if (value == null && podValue !== true) implicit.push(c.name);
    }
    if (explicit.length) setters.push(containersPhrase(explicit));
    const reason = 'runAsNonRoot != true';
    if (setters.length)
      return { reason, detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
    if (implicit.length)
      return {
        reason,
        detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
      };
    return undefined;
  },
});
