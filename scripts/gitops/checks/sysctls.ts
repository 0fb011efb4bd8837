// PSA sysctls (baseline, v1.37): the pod sets only the namespaced sysctls PSA calls safe.
import { podSecurityCheck } from '../pod-security.js';

/** check_sysctls.go's allowed set at v1.37 (v1.0's five, then v1.27, v1.29, v1.32 and v1.37's additions). */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

export const sysctls = podSecurityCheck({
  id: 'sysctls',
  psaCheck: 'sysctls',
  level: 'baseline',
  summary: 'securityContext.sysctls only from the safe set',
  check({ spec }) {
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !SAFE.has(n));
    return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
  },
});
