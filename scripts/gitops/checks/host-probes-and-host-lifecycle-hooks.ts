// PSA hostProbesAndHostLifecycle (baseline, v1.34): probes and lifecycle handlers may not name a host
// (httpGet.host, tcpSocket.host), which would let the kubelet reach another machine on the pod's behalf.
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { containersPhrase, joinQuote, plural, podSecurityCheck, sortedSet } from '../pod-security.js';
import { allContainers } from '../pods.js';

type Handler = Pick<IProbe, 'httpGet' | 'tcpSocket'> | undefined;

const hosts = (handler: Handler): string[] =>
  [handler?.httpGet?.host, handler?.tcpSocket?.host].filter((h): h is string => !!h);

export const hostProbesAndHostLifecycleHooks = podSecurityCheck({
  id: 'host-probes-and-host-lifecycle-hooks',
  psaCheck: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  summary: 'no probe or lifecycle hook sets httpGet.host or tcpSocket.host',
  check({ spec }) {
    const names = new Set<string>();
    const found: string[] = [];
    for (const c of allContainers(spec)) {
      const handlers: Handler[] = [
        c.livenessProbe,
        c.readinessProbe,
        c.startupProbe,
        c.lifecycle?.postStart,
        c.lifecycle?.preStop,
      ];
      const bad = handlers.flatMap(hosts);
      if (bad.length === 0) continue;
      names.add(c.name);
      found.push(...bad);
    }
    const distinct = sortedSet(found);
    return names.size
      ? {
          reason: 'probe or lifecycle host',
          detail: `${containersPhrase(sortedSet(names))} ${plural('uses', 'use', names.size)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
        }
      : undefined;
  },
});
