// PSA seLinuxOptions (baseline, v1.31): SELinux type only one of the container types, and no user or role.
import type { ISELinuxOptions } from 'kubernetes-models/v1/SELinuxOptions';
import { containersPhrase, joinQuote, plural, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

/** check_seLinuxOptions.go's allowed types from v1.31 ('' is unset). */
const ALLOWED_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

export const selinuxOptions = podSecurityCheck({
  id: 'selinux-options',
  psaCheck: 'seLinuxOptions',
  level: 'baseline',
  summary:
    'seLinuxOptions sets no user or role and a type of container_t, container_init_t, container_kvm_t or container_engine_t',
  check({ spec }) {
    const badTypes: string[] = [];
    let user = false;
    let role = false;
    const valid = (options: ISELinuxOptions): boolean => {
      let ok = true;
      if (!ALLOWED_TYPES.has(options.type ?? '')) {
        ok = false;
        badTypes.push(options.type ?? '');
      }
      if (options.user) [ok, user] = [false, true];
      if (options.role) [ok, role] = [false, true];
      return ok;
    };
    const setters: string[] = [];
    const podOptions = spec.securityContext?.seLinuxOptions;
    if (podOptions && !valid(podOptions)) setters.push('pod');
    const bad = allContainers(spec)
      .filter((c) => {
        const options = c.securityContext?.seLinuxOptions;
        return options !== undefined && !valid(options);
      })
      .map((c) => c.name);
    if (bad.length) setters.push(containersPhrase(bad));
    if (setters.length === 0) return undefined;
    const types = sortedSet(badTypes);
    const data: string[] = [];
    if (types.length) data.push(`${plural('type', 'types', types.length)} ${joinQuote(types)}`);
    if (user) data.push('user may not be set');
    if (role) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    };
  },
});
