// The entrypoint Ingress `shop` both environments share (apps/common/ingress.yaml): an internet-facing ALB
// (AWS Load Balancer Controller) routing each declared `x-routes` prefix to its service. modules/dns finds
// the ALB by the tag ingress.k8s.aws/stack = <namespace>/shop; CERTIFICATE_ARN and HOSTNAME come from
// aws.env through apps/common's replacements.
import type { Catalogue } from '../../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import { INGRESS_FILE } from '../layout.js';
import { FROM_AWS_ENV, GitopsDerivationError } from './service-config.js';
import { derivedHeader, yamlText } from './yaml-text.js';

/** Every route, longest prefix first (the ALB evaluates a rule's paths in order; `/` must come last). */
export function routes(catalogue: Catalogue): { path: string; service: string }[] {
  return catalogue.services
    .flatMap((s) => s.routes.map((path) => ({ path, service: s.name })))
    .sort((a, b) => b.path.length - a.path.length || a.path.localeCompare(b.path));
}

export function ingressFile(catalogue: Catalogue): DerivedFile {
  const paths = routes(catalogue);
  if (paths.length === 0)
    throw new GitopsDerivationError(
      'services/*/score.yaml: no service declares metadata.x-routes; the entrypoint Ingress needs at least one route',
    );
  const header = derivedHeader(
    'services/*/score.yaml (metadata.x-routes)',
    'The entrypoint of both environments: an internet-facing ALB (AWS Load Balancer Controller) sending to the',
    "routed services' pod IPs, TLS 1.2+ with the ACM certificate CERTIFICATE_ARN, host HOSTNAME (both from",
    'aws.env). Public in prod too: the clients are outside the VPC (there is no VPN or peering to reach an',
    'internal ALB, and modules/dns writes the record in a public zone); writes need a token from AUTH_ISSUER,',
    'and only the declared prefixes are routed (a queue-worker is never: its API stays internal).',
  );
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'shop',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        'alb.ingress.kubernetes.io/certificate-arn': FROM_AWS_ENV,
        'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
      },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          host: FROM_AWS_ENV,
          http: {
            paths: paths.map(({ path, service }) => ({
              path,
              pathType: 'Prefix',
              backend: { service: { name: service, port: { name: 'http' } } },
            })),
          },
        },
      ],
    },
  };
  return { path: INGRESS_FILE, text: yamlText(header, ingress) };
}
