// PSA windowsHostProcess (baseline): no Windows HostProcess pod or container (full access to the node).
import { containersPhrase, podSecurityCheck } from '../pod-security.js';
import { allContainers } from '../pods.js';

export const windowsHostProcess = podSecurityCheck({
  id: 'windows-host-process',
  psaCheck: 'windowsHostProcess',
  level: 'baseline',
  summary: 'no securityContext.windowsOptions.hostProcess=true',
  check({ spec }) {
    const setters: string[] = [];
    if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
    const bad = allContainers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true);
    if (bad.length) setters.push(containersPhrase(bad.map((c) => c.name)));
    return setters.length
      ? {
          reason: 'hostProcess',
          detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
        }
      : undefined;
  },
});
