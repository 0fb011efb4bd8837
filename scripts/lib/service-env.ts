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
  /**
   * Where each declared service answers, by name (its `service-port` outputs): npm start's 127.0.0.1 and its
   * local port. A dependency need not be running (its caller's /ready does not call it).
   */
  readonly services: Readonly<Record<string, { readonly hostname: string; readonly port: number }>>;
  /** Each declared oauth-client's credentials at the local identity provider, by service name. */
  readonly oauthClients: Readonly<Record<string, LocalOAuthClient>>;
}

/** An OAuth client registered at a local identity provider (scripts/stack/identity.ts). */
export interface LocalOAuthClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The outputs each of the service's resources provides, by the resource's name in its declaration. */
export function localOutputs(service: ServiceDeclaration, provided: LocalResources): ResourceOutputs {
  const outputs: Record<string, Record<string, string | undefined>> = {};
  for (const [name, resource] of Object.entries(service.workload.resources)) {
    if (resource.type === 'environment') outputs[name] = { AWS_REGION: provided.region };
    else if (resource.type === 'postgres') outputs[name] = { url: provided.databaseUrl };
    else if (resource.type === 'aws-sqs-queue') {
      const queue = provided.queues[resource.id];
      if (!queue) throw new Error(`${service.file}: queue "${resource.id}" was not provisioned`);
      outputs[name] = { url: queue.url, dlq_url: queue.dlqUrl };
    } else if (resource.type === 'service-port') {
      const target = provided.services[resource.params.workload];
      if (!target)
        throw new Error(`${service.file}: service "${resource.params.workload}" has no local address`);
      outputs[name] = { hostname: target.hostname, port: String(target.port) };
    } else {
      const client = provided.oauthClients[service.name];
      if (!client) throw new Error(`${service.file}: oauth client "${service.name}" was not registered`);
      outputs[name] = {
        token_url: client.tokenUrl,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      };
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
