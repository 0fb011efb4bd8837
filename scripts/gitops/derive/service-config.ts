// A service's configuration in a cluster, from its declaration: the ConfigMap's literals (PORT and every
// declared variable) and, for each variable whose value is a placeholder, the aws.env key the environment
// fills it from. `${resources.<postgres>.url}` is DATABASE_URL, which the ExternalSecret provides
// (apps/components/postgres), never a ConfigMap.
import { awsEnvKeyOf } from '../../../services/lib/catalogue/aws-env.js';
import type { ServiceDeclaration } from '../../../services/lib/catalogue/catalogue.js';
import { placeholdersOf } from '../../../services/lib/catalogue/placeholders.js';
import { PLACEHOLDER } from '../checks/unfilled-value.js';

/** The value a base carries where an environment's aws.env fills it in (`unfilled-value` refuses it left over). */
export const FROM_AWS_ENV = PLACEHOLDER;
/** The one name the database URL reaches a container under (apps/components/postgres). */
export const DATABASE_URL = 'DATABASE_URL';

/** A declaration the GitOps tree cannot express; names the file and the field. */
export class GitopsDerivationError extends Error {
  override name = 'GitopsDerivationError';
}

export interface ServiceConfig {
  /** `KEY=value` pairs of the service's ConfigMap, PORT first, then the declared order. */
  readonly literals: readonly (readonly [string, string])[];
  /** The variables an environment fills from its aws.env: `SQS_QUEUE_URL` ← `INVENTORY_EVENTS_QUEUE_URL`. */
  readonly fromAwsEnv: readonly { readonly variable: string; readonly awsEnvKey: string }[];
}

export function serviceConfig(service: ServiceDeclaration): ServiceConfig {
  const literals: [string, string][] = [['PORT', String(service.port)]];
  const fromAwsEnv: { variable: string; awsEnvKey: string }[] = [];
  for (const [variable, declared] of Object.entries(service.variables)) {
    const where = `${service.file}: containers.${service.name}.variables.${variable}`;
    // ${metadata.name} is known here: written in place.
    const value = declared.replace(/\$\{metadata\.name\}/g, service.name);
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
        `${where}: "${declared}": in a cluster a variable is either plain text or exactly one \${resources.<name>.<output>} placeholder`,
      );
    const { resource, output } = only.placeholder;
    if (resource === service.database?.resource && output === 'url') {
      if (variable !== DATABASE_URL)
        throw new GitopsDerivationError(
          `${where}: the database URL reaches the container as ${DATABASE_URL} (apps/components/postgres); name the variable so`,
        );
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
  return { literals, fromAwsEnv };
}
