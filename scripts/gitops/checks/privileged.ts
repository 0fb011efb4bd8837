// PSA privileged (baseline): no container runs privileged.
import { containersPhrase, podSecurityCheck } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const privileged = podSecurityCheck({
  id: 'privileged',
  psaCheck: 'privileged',
  level: 'baseline',
  summary: 'no container sets securityContext.privileged=true',
  check({ spec }) {
    const bad = allContainers(spec).filter((c) => c.securityContext?.privileged === true);
    return bad.length
      ? {
          reason: 'privileged',
          detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
        }
      : undefined;
  },
});
