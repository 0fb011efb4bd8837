// PSA capabilities_restricted (restricted, v1.25): every container drops ALL and adds at most
// NET_BIND_SERVICE; Windows pods are exempt. Replaces capabilities-baseline at restricted.
import { containersPhrase, isWindows, joinQuote, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const capabilitiesRestricted = podSecurityCheck({
  id: 'capabilities-restricted',
  psaCheck: 'capabilities_restricted',
  level: 'restricted',
  summary: 'every container drops ALL capabilities and adds none but NET_BIND_SERVICE (Windows pods exempt)',
  check(pod) {
    if (isWindows(pod)) return undefined;
    const missingDrop: string[] = [];
    const adding: string[] = [];
    const forbidden: string[] = [];
    for (const c of allContainers(pod.spec)) {
      const caps = c.securityContext?.capabilities;
      if (!caps) {
        missingDrop.push(c.name);
        continue;
      }
      if (!(caps.drop ?? []).includes('ALL')) missingDrop.push(c.name);
      const extra = (caps.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (extra.length) {
        adding.push(c.name);
        forbidden.push(...extra);
      }
    }
    const details: string[] = [];
    if (missingDrop.length)
      details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length)
      details.push(
        `${containersPhrase(adding)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
      );
    return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
  },
});
