// The Terraform files derived from the service catalogue (see scripts/catalogue/derived.ts): the inputs of
// the account layer (one ECR repository per service) and of the environment root (each service's IRSA role,
// one FIFO queue and DLQ per queue id, who sends to and receives from which, each OAuth client's secret). Terraform loads
// `*.auto.tfvars.json` by itself, so the roots iterate over these values with for_each and name no service.
// JSON, not HCL: Terraform reads a "//" key as a comment (no undeclared-variable warning), and the checker
// reads the values with JSON.parse. Biome leaves these files alone (biome.json): their text is this module's,
// byte for byte, or the drift test fails.
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../catalogue/derived.js';

/** Where each root takes the derived values from (paths relative to the repository root). */
export const DERIVED_BOOTSTRAP_INPUTS = 'terraform/bootstrap/services.auto.tfvars.json';
export const DERIVED_ENVIRONMENT_INPUTS = 'terraform/environment/services.auto.tfvars.json';

const COMMENT =
  'Derived from services/*/score.yaml by `npm run derive` (scripts/terraform/derive.ts): do not edit; npm test fails when it differs from the declarations.';

/** One declared use of a queue: `<service>/<queue id>` → who and which. */
type Uses = Record<string, { service: string; queue: string }>;

function uses(catalogue: Catalogue, direction: 'send' | 'receive'): Uses {
  const out: Uses = {};
  for (const service of catalogue.services)
    for (const q of service.queues.filter((u) => u.direction === direction))
      out[`${service.name}/${q.id}`] = { service: service.name, queue: q.id };
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const json = (value: Record<string, unknown>) => `${JSON.stringify({ '//': COMMENT, ...value }, null, 2)}\n`;

/** The environment root's service inputs (terraform/environment/services.tf declares them). */
export function environmentInputs(catalogue: Catalogue) {
  return {
    services: [...catalogue.names].sort(),
    queues: [...catalogue.queueIds],
    queue_senders: uses(catalogue, 'send'),
    queue_receivers: uses(catalogue, 'receive'),
    oauth_clients: Object.fromEntries(
      catalogue.services
        .filter((s) => s.oauthClient)
        .map((s) => [s.name, { scopes: s.oauthClient?.scopes ?? [] }])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
  };
}

export function derivedTerraformFiles(catalogue: Catalogue): DerivedFile[] {
  return [
    { path: DERIVED_BOOTSTRAP_INPUTS, text: json({ services: [...catalogue.names].sort() }) },
    { path: DERIVED_ENVIRONMENT_INPUTS, text: json(environmentInputs(catalogue)) },
  ];
}
