// PSA hostPorts (baseline): no container port is bound on the node (hostPort undefined or 0).
import { containersPhrase, plural, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const hostPorts = podSecurityCheck({
  id: 'host-ports',
  psaCheck: 'hostPorts',
  level: 'baseline',
  summary: 'no container port sets hostPort',
  check({ spec }) {
    const names: string[] = [];
    const ports: string[] = [];
    for (const c of allContainers(spec)) {
      const bound = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => String(p.hostPort));
      if (bound.length === 0) continue;
      names.push(c.name);
      ports.push(...bound);
    }
    const distinct = sortedSet(ports);
    return names.length
      ? {
          reason: 'hostPort',
          detail: `${containersPhrase(names)} ${plural('uses', 'use', names.length)} ${plural('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
        }
      : undefined;
  },
});
