// PSA procMount (baseline, v1.35): containers keep the default /proc mask; pods in a user namespace
// (hostUsers: false) are exempt. At restricted, proc-mount-restricted replaces it.

import {
  containersPhrase,
  inUserNamespace,
  joinQuote,
  podSecurityCheck,
  type Refusal,
  sortedSet,
} from '../pod-security.js';
import type { PodTemplate } from '../pods.js';
import { allContainers } from '../pods.js';

/** PSA's procMount_1_0, shared with proc-mount-restricted (which has no user-namespace exemption). */
export function defaultProcMount({ spec }: PodTemplate): Refusal | undefined {
  const bad = allContainers(spec).filter((c) => {
    const mount = c.securityContext?.procMount;
    return mount != null && mount !== 'Default';
  });
  if (bad.length === 0) return undefined;
  const types = sortedSet(bad.map((c) => String(c.securityContext?.procMount)));
  return {
    reason: 'procMount',
    detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.procMount to ${joinQuote(types)}`,
  };
}

export const procMount = podSecurityCheck({
  id: 'proc-mount',
  psaCheck: 'procMount',
  level: 'baseline',
  replacedAtRestrictedBy: 'procMount_restricted',
  summary: 'securityContext.procMount is Default (pods with hostUsers: false exempt)',
  check: (pod) => (inUserNamespace(pod) ? undefined : defaultProcMount(pod)),
});
