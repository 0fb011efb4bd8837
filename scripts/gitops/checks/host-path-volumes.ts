// PSA hostPathVolumes (baseline): no hostPath volume. At restricted, restricted-volumes replaces it.
import { joinQuote, plural, podSecurityCheck } from '../pod-security.js';

export const hostPathVolumes = podSecurityCheck({
  id: 'host-path-volumes',
  psaCheck: 'hostPathVolumes',
  level: 'baseline',
  replacedAtRestrictedBy: 'restrictedVolumes',
  summary: 'no hostPath volume',
  check({ spec }) {
    const bad = (spec.volumes ?? []).filter((v) => v.hostPath != null).map((v) => v.name);
    return bad.length
      ? { reason: 'hostPath volumes', detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)}` }
      : undefined;
  },
});
