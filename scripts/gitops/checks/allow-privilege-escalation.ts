// PSA allowPrivilegeEscalation (restricted, v1.25): every container sets allowPrivilegeEscalation=false;
// Windows pods are exempt.
import { containersPhrase, isWindows, podSecurityCheck } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const allowPrivilegeEscalation = podSecurityCheck({
  id: 'allow-privilege-escalation',
  psaCheck: 'allowPrivilegeEscalation',
  level: 'restricted',
  summary: 'every container sets securityContext.allowPrivilegeEscalation=false (Windows pods exempt)',
  check(pod) {
    if (isWindows(pod)) return undefined;
    const bad = allContainers(pod.spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false);
    return bad.length
      ? {
          reason: 'allowPrivilegeEscalation != false',
          detail: `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
        }
      : undefined;
  },
});
