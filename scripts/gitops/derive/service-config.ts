// A service's configuration in a cluster, from its declaration: the ConfigMap's literals (PORT and every
// declared variable), and where each placeholder's value comes from there:
//   - a service-port's `hostname` and `port`: known here, written in place (the other service's Kubernetes
//     Service name in the same namespace, and that Service's port), text around them allowed;
//   - `${resources.<postgres>.url}`: DATABASE_URL, from the ExternalSecret (apps/components/postgres);
//   - an oauth-client's `client_id` and `client_secret`: from its ExternalSecret (apps/components/oauth-client),
//     never a ConfigMap; its `token_url`: the environment's auth.env AUTH_TOKEN_URL;
//   - every other output: the environment's aws.env (the shared values, each queue's url and dlq_url).
// A variable with any placeholder but a service-port's is exactly that one placeholder.
import { awsEnvKeyOf } from '../../../services/lib/catalogue/aws-env.js';
import type { Catalogue, ServiceDeclaration } from '../../../services/lib/catalogue/catalogue.js';
import { type Placeholder, placeholdersOf } from '../../../services/lib/catalogue/placeholders.js';
import { PLACEHOLDER } from '../checks/unfilled-value.js';

/** The value a base carries where an environment's aws.env fills it in (`unfilled-value` refuses it left over). */
export const FROM_AWS_ENV = PLACEHOLDER;
/** The one name the database URL reaches a container under (apps/components/postgres). */
export const DATABASE_URL = 'DATABASE_URL';
/** The auth.env key an oauth-client's `token_url` is filled from. */
export const AUTH_TOKEN_URL = 'AUTH_TOKEN_URL';

/** A declaration the GitOps tree cannot express; names the file and the field. */
export class GitopsDerivationError extends Error {
  override name = 'GitopsDerivationError';
}

export interface ServiceConfig {
  /** `KEY=value` pairs of the service's ConfigMap, PORT first, then the declared order. */
  readonly literals: readonly (readonly [string, string])[];
  /** The variables an environment fills from its aws.env: `SQS_QUEUE_URL` ← `INVENTORY_EVENTS_QUEUE_URL`. */
  readonly fromAwsEnv: readonly { readonly variable: string; readonly awsEnvKey: string }[];
  /** The variables an environment fills from its auth.env: `OAUTH_TOKEN_URL` ← `AUTH_TOKEN_URL`. */
  readonly fromAuthEnv: readonly { readonly variable: string; readonly authEnvKey: string }[];
  /** The variables the container takes from its oauth-client Secret: `OAUTH_CLIENT_ID` ← key `client_id`. */
  readonly fromOAuthClientSecret: readonly { readonly variable: string; readonly key: string }[];
}

/** The keys of an oauth-client's Secret (the JSON keys of its Secrets Manager secret). */
export const OAUTH_CLIENT_SECRET_KEYS = ['client_id', 'client_secret'] as const;

/** A service-port output in a cluster: the other service's Service name, or its Service's port. */
function servicePortValue(
  service: ServiceDeclaration,
  catalogue: Catalogue,
  placeholder: Placeholder,
): string | undefined {
  if (!('resource' in placeholder)) return undefined;
  const resource = service.workload.resources[placeholder.resource];
  if (resource?.type !== 'service-port') return undefined;
  const target = catalogue.get(resource.params.workload);
  if (placeholder.output === 'hostname') return target.name;
  const port = target.workload.service.ports[resource.params.port as 'http'];
  return port === undefined ? undefined : String(port.port);
}

export function serviceConfig(service: ServiceDeclaration, catalogue: Catalogue): ServiceConfig {
  const literals: [string, string][] = [['PORT', String(service.port)]];
  const fromAwsEnv: { variable: string; awsEnvKey: string }[] = [];
  const fromAuthEnv: { variable: string; authEnvKey: string }[] = [];
  const fromOAuthClientSecret: { variable: string; key: string }[] = [];
  for (const [variable, declared] of Object.entries(service.variables)) {
    const where = `${service.file}: containers.${service.name}.variables.${variable}`;
    // ${metadata.name} and the service-ports are known here: written in place.
    const value = declared
      .replace(/\$\{metadata\.name\}/g, service.name)
      .replace(/\$\{resources\.[^}]*\}/g, (text) => {
        const [found] = placeholdersOf(text);
        return (found?.placeholder && servicePortValue(service, catalogue, found.placeholder)) ?? text;
      });
    const found = placeholdersOf(value);
    if (found.length === 0) {
      literals.push([variable, value]);
      continue;
    }
    const [only] = found;
    if (
      found.length > 1 ||
      only?.text !== value ||
      only.placeholder === undefined ||
      'metadata' in only.placeholder
    )
      throw new GitopsDerivationError(
        `${where}: "${declared}": in a cluster a variable is either plain text (with service-port placeholders) or exactly one \${resources.<name>.<output>} placeholder`,
      );
    const { resource, output } = only.placeholder;
    if (resource === service.database?.resource && output === 'url') {
      if (variable !== DATABASE_URL)
        throw new GitopsDerivationError(
          `${where}: the database URL reaches the container as ${DATABASE_URL} (apps/components/postgres); name the variable so`,
        );
      continue;
    }
    if (resource === service.oauthClient?.resource) {
      if (output === 'token_url') {
        literals.push([variable, FROM_AWS_ENV]);
        fromAuthEnv.push({ variable, authEnvKey: AUTH_TOKEN_URL });
      } else fromOAuthClientSecret.push({ variable, key: output });
      continue;
    }
    const awsEnvKey = awsEnvKeyOf(service, only.placeholder);
    if (awsEnvKey === undefined)
      throw new GitopsDerivationError(
        `${where}: ${only.text} has no value in a cluster (aws.env provides the environment's shared values and each queue's url and dlq_url)`,
      );
    literals.push([variable, FROM_AWS_ENV]);
    fromAwsEnv.push({ variable, awsEnvKey });
  }
  return { literals, fromAwsEnv, fromAuthEnv, fromOAuthClientSecret };
}
