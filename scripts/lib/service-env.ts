// A declared service's environment when this repository runs it (npm start, the rehearsal's smoke test):
// its score.yaml variables with their `${resources...}` placeholders resolved from what the runner
// provisioned locally, then the runner's own settings on top. One function, so both runners start a
// service the same way and a new declaration needs no edit here.
import type { ServiceDeclaration } from '../../services/lib/catalogue/catalogue.js';
import { type ResourceOutputs, resolveVariables } from '../../services/lib/catalogue/placeholders.js';

/** What a local runner provisioned for the declared resources. */
export interface LocalResources {
  readonly region: string;
  readonly databaseUrl: string;
  /** By queue id (score.yaml `resources.<name>.id`): its URL and, when known, its dead-letter queue's. */
  readonly queues: Readonly<Record<string, { readonly url: string; readonly dlqUrl?: string | undefined }>>;
}

/** The outputs each of the service's resources provides, by the resource's name in its declaration. */
export function localOutputs(service: ServiceDeclaration, provided: LocalResources): ResourceOutputs {
  const outputs: Record<string, Record<string, string | undefined>> = {};
  for (const [name, resource] of Object.entries(service.workload.resources)) {
    if (resource.type === 'environment') outputs[name] = { AWS_REGION: provided.region };
    else if (resource.type === 'postgres') outputs[name] = { url: provided.databaseUrl };
    else {
      const queue = provided.queues[resource.id];
      if (!queue) throw new Error(`${service.file}: queue "${resource.id}" was not provisioned`);
      outputs[name] = { url: queue.url, dlq_url: queue.dlqUrl };
    }
  }
  return outputs;
}

/**
 * The service's variables, resolved, with `overrides` on top (`undefined` there removes a variable).
 * A variable whose output is unknown (a DLQ the runner was not told about) is left out: the service's
 * own config says whether it needs it.
 */
export function localServiceEnv(
  service: ServiceDeclaration,
  provided: LocalResources,
  overrides: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const resolved = resolveVariables(service.variables, {
    name: service.name,
    outputs: localOutputs(service, provided),
  });
  return { ...resolved, ...overrides };
}
