// PSA seccompProfile_baseline (baseline, v1.19): a seccomp profile, where set, is RuntimeDefault or
// Localhost, never Unconfined. At restricted, seccomp-profile-restricted replaces it.
import { containersPhrase, joinQuote, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers, type PodTemplate } from '../pods.js';

export const validSeccomp = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';

/** Who sets a seccomp type outside the allowed two (setters, values), and which containers set none. */
export function seccompSetters({ spec }: PodTemplate) {
  const setters: string[] = [];
  const values: string[] = [];
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !validSeccomp(podProfile.type)) {
    setters.push('pod');
    values.push(podProfile.type ?? '');
  }
  const explicit: string[] = [];
  const unset: string[] = [];
  for (const c of allContainers(spec)) {
    const profile = c.securityContext?.seccompProfile;
    if (!profile) unset.push(c.name);
    else if (!validSeccomp(profile.type)) {
      explicit.push(c.name);
      values.push(profile.type ?? '');
    }
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  const detail = setters.length
    ? `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`
    : undefined;
  return { detail, unset, podSet: podProfile !== undefined && validSeccomp(podProfile.type) };
}

export const seccompProfileBaseline = podSecurityCheck({
  id: 'seccomp-profile-baseline',
  psaCheck: 'seccompProfile_baseline',
  level: 'baseline',
  replacedAtRestrictedBy: 'seccompProfile_restricted',
  summary: 'seccompProfile.type, where set, is RuntimeDefault or Localhost',
  check(pod) {
    const { detail } = seccompSetters(pod);
    return detail ? { reason: 'seccompProfile', detail } : undefined;
  },
});
