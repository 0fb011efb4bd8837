// PSA appArmorProfile (baseline): the AppArmor profile, by field or by the older per-container annotation,
// is the runtime's default or a localhost profile, never unconfined.
import { containersPhrase, joinQuote, plural, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const allowedType = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
const allowedAnnotation = (value: string) =>
  value === '' || value === 'runtime/default' || value.startsWith('localhost/');

export const appArmorProfile = podSecurityCheck({
  id: 'app-armor-profile',
  psaCheck: 'appArmorProfile',
  level: 'baseline',
  summary: 'AppArmor profile (field or annotation) is RuntimeDefault or Localhost, never Unconfined',
  check({ spec, annotations }) {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const podProfile = spec.securityContext?.appArmorProfile;
    if (podProfile && !allowedType(podProfile.type)) {
      setters.push('pod');
      badTypes.push(podProfile.type ?? '');
    }
    const badContainers: string[] = [];
    for (const c of allContainers(spec)) {
      const profile = c.securityContext?.appArmorProfile;
      if (profile && !allowedType(profile.type)) {
        badContainers.push(c.name);
        badTypes.push(profile.type ?? '');
      }
    }
    if (badContainers.length) setters.push(containersPhrase(badContainers));
    const badAnnotations = Object.entries(annotations)
      .filter(([key, value]) => key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(String(value)))
      .map(([key, value]) => `${key}=${JSON.stringify(String(value))}`)
      .sort();
    const values = [...sortedSet(badTypes), ...badAnnotations];
    if (badAnnotations.length) setters.push(plural('annotation', 'annotations', badAnnotations.length));
    return setters.length
      ? {
          reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
          detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
        }
      : undefined;
  },
});
