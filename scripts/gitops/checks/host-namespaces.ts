// PSA hostNamespaces (baseline): a pod may not share the host's network, PID or IPC namespace.
import { podSecurityCheck } from '../pod-security.js';

export const hostNamespaces = podSecurityCheck({
  id: 'host-namespaces',
  psaCheck: 'hostNamespaces',
  level: 'baseline',
  summary: 'no hostNetwork, hostPID or hostIPC',
  check({ spec }) {
    const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec[k] === true);
    return set.length
      ? { reason: 'host namespaces', detail: set.map((k) => `${k}=true`).join(', ') }
      : undefined;
  },
});
