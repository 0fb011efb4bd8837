// PSA capabilities_baseline (baseline): containers add only capabilities of the container runtime's
// default set. At restricted, capabilities-restricted replaces it.
import { containersPhrase, joinQuote, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

/** check_capabilities_baseline.go's allowed set (v1.0, unchanged since). */
const DEFAULT_SET = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaseline = podSecurityCheck({
  id: 'capabilities-baseline',
  psaCheck: 'capabilities_baseline',
  level: 'baseline',
  replacedAtRestrictedBy: 'capabilities_restricted',
  summary: "containers add only capabilities of the runtime's default set (not NET_RAW, not SYS_ADMIN)",
  check({ spec }) {
    const names: string[] = [];
    const added: string[] = [];
    for (const c of allContainers(spec)) {
      const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !DEFAULT_SET.has(cap));
      if (extra.length === 0) continue;
      names.push(c.name);
      added.push(...extra);
    }
    return names.length
      ? {
          reason: 'non-default capabilities',
          detail: `${containersPhrase(names)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`,
        }
      : undefined;
  },
});
