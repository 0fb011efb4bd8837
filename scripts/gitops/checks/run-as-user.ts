// PSA runAsUser (restricted, v1.35): neither the pod nor a container sets runAsUser=0; pods in a user
// namespace (hostUsers: false) are exempt.
import { containersPhrase, inUserNamespace, podSecurityCheck } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const runAsUser = podSecurityCheck({
  id: 'run-as-user',
  psaCheck: 'runAsUser',
  level: 'restricted',
  summary: 'neither the pod nor a container sets runAsUser=0 (hostUsers: false exempt)',
  check(pod) {
    if (inUserNamespace(pod)) return undefined;
    const setters: string[] = [];
    if (pod.spec.securityContext?.runAsUser === 0) setters.push('pod');
    const bad = allContainers(pod.spec).filter((c) => c.securityContext?.runAsUser === 0);
    if (bad.length) setters.push(containersPhrase(bad.map((c) => c.name)));
    return setters.length
      ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` }
      : undefined;
  },
});
