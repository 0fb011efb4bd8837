// PSA procMount_restricted (restricted, v1.35): containers keep the default /proc mask, user namespace or not.
import { podSecurityCheck } from '../pod-security.js';
import { defaultProcMount } from './proc-mount.js';

export const procMountRestricted = podSecurityCheck({
  id: 'proc-mount-restricted',
  psaCheck: 'procMount_restricted',
  level: 'restricted',
  summary: 'securityContext.procMount is Default, even with hostUsers: false',
  check: defaultProcMount,
});
