// PSA seccompProfile_restricted (restricted, v1.25): the pod or every container sets seccompProfile.type
// to RuntimeDefault or Localhost; Windows pods are exempt.
import { containersPhrase, isWindows, podSecurityCheck } from '../pod-security.js';
import { seccompSetters } from './seccomp-profile-baseline.js';

export const seccompProfileRestricted = podSecurityCheck({
  id: 'seccomp-profile-restricted',
  psaCheck: 'seccompProfile_restricted',
  level: 'restricted',
  summary:
    'the pod or every container sets seccompProfile.type to RuntimeDefault or Localhost (Windows pods exempt)',
  check(pod) {
    if (isWindows(pod)) return undefined;
    const { detail, unset, podSet } = seccompSetters(pod);
    if (detail) return { reason: 'seccompProfile', detail };
    if (!podSet && unset.length)
      return {
        reason: 'seccompProfile',
        detail: `pod or ${containersPhrase(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      };
    return undefined;
  },
});
