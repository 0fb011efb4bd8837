// The NetworkPolicies between services (apps/common/peers.yaml): for each service that calls another (a
// service-port resource) or is called, one policy `<service>-peers` selecting its pods: egress to each
// service it calls, ingress from each that calls it, each on the callee's container port (TCP) and nothing
// else. On top of the namespace's default deny and the per-kind policies (apps/common/network-policies.yaml):
// policies add up. Beside them, outside the bases, for the same reason: a base's labels (includeSelectors)
// would be stamped onto the peers' selectors.
import type { Catalogue, ServiceDeclaration } from '../../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import { PEERS_FILE } from '../layout.js';
import { derivedHeader, yamlText } from './yaml-text.js';

/** The NetworkPolicy of a service's service-port peers: `orders-peers`. */
export const peersPolicyName = (service: string) => `${service}-peers`;

/** One call: `from` may reach `to`'s pods on `port` (`to`'s container port). */
export interface Call {
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

/** Every declared call, once, in the declarations' order. */
export function calls(catalogue: Catalogue): Call[] {
  return catalogue.services.flatMap((service) =>
    service.dependencies.map((d) => ({
      from: service.name,
      to: d.workload,
      port: catalogue.get(d.workload).port,
    })),
  );
}

const pods = (service: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': service } } });
const tcp = (port: number) => [{ port, protocol: 'TCP' }];

function policy(service: ServiceDeclaration, all: readonly Call[]): unknown | undefined {
  const egress = all.filter((c) => c.from === service.name);
  const ingress = all.filter((c) => c.to === service.name);
  if (egress.length === 0 && ingress.length === 0) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: peersPolicyName(service.name) },
    spec: {
      ...pods(service.name),
      policyTypes: [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])],
      ...(ingress.length > 0
        ? { ingress: ingress.map((c) => ({ from: [pods(c.from)], ports: tcp(c.port) })) }
        : {}),
      ...(egress.length > 0 ? { egress: egress.map((c) => ({ to: [pods(c.to)], ports: tcp(c.port) })) } : {}),
    },
  };
}

export function peersFile(catalogue: Catalogue): DerivedFile {
  const all = calls(catalogue);
  const header = derivedHeader(
    'services/*/score.yaml (resources of type service-port)',
    "Which services may call which: each caller's pods may reach the callee's pods on the callee's container",
    'port, and the callee admits exactly those callers there. One policy per service with peers, selecting its',
    'pods by app.kubernetes.io/name; on top of default-deny.yaml and network-policies.yaml (policies add up).',
  );
  const documents = catalogue.services.flatMap((s) => {
    const p = policy(s, all);
    return p === undefined ? [] : [p];
  });
  return {
    path: PEERS_FILE,
    text:
      documents.length === 0
        ? `${header}# No service declares a service-port: no policy.\n`
        : header + documents.map((d) => yamlText('', d)).join('---\n'),
  };
}
