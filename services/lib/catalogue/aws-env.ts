// The names of the values Terraform hands to the GitOps tree through an environment's aws.env: one
// module, so Terraform's output carrier (scripts/terraform/outputs.ts) and the derived GitOps
// replacements (scripts/gitops/derive.ts) can never disagree on a key.
import type { Catalogue, ServiceDeclaration } from './catalogue.js';
import type { Placeholder } from './placeholders.js';

/** `inventory-events` → `INVENTORY_EVENTS`. */
export const upperSnake = (name: string): string => name.toUpperCase().replaceAll('-', '_');

/** The IRSA role of a service's ServiceAccount: `INVENTORY_ROLE_ARN`. */
export const serviceRoleKey = (service: string): string => `${upperSnake(service)}_ROLE_ARN`;
/** The ECR repository a service's image is pushed to: `INVENTORY_REPOSITORY`. */
export const serviceRepositoryKey = (service: string): string => `${upperSnake(service)}_REPOSITORY`;
/**
 * The name of the Secrets Manager secret holding a service's OAuth client credentials (its oauth-client
 * resource): `ORDERS_OAUTH_CLIENT_SECRET`.
 */
export const oauthClientSecretKey = (service: string): string => `${upperSnake(service)}_OAUTH_CLIENT_SECRET`;
/** A queue's URL, by the id services name it with: `INVENTORY_EVENTS_QUEUE_URL`. */
export const queueUrlKey = (id: string): string => `${upperSnake(id)}_QUEUE_URL`;
/** Its dead-letter queue's URL: `INVENTORY_EVENTS_DLQ_URL`. */
export const queueDlqUrlKey = (id: string): string => `${upperSnake(id)}_DLQ_URL`;

/** The values every environment has, whatever services it runs. */
export const SHARED_AWS_ENV_KEYS = [
  'AWS_REGION',
  'AWS_ACCOUNT_ID',
  'EXTERNAL_SECRETS_ROLE_ARN',
  'DATABASE_HOST',
  'DATABASE_NAME',
  'DATABASE_SECRET_ARN',
  'CERTIFICATE_ARN',
  'HOSTNAME',
] as const;

/** Every key of an environment's aws.env, in the order the file lists them. */
export function awsEnvKeys(catalogue: Catalogue): string[] {
  return [
    ...SHARED_AWS_ENV_KEYS,
    ...catalogue.services.flatMap((s) => [
      serviceRoleKey(s.name),
      serviceRepositoryKey(s.name),
      ...(s.oauthClient ? [oauthClientSecretKey(s.name)] : []),
    ]),
    ...catalogue.queueIds.flatMap((id) => [queueUrlKey(id), queueDlqUrlKey(id)]),
  ];
}

/**
 * The aws.env key a placeholder of `service`'s variables resolves to in a cluster, or undefined when
 * the cluster provides it another way (`${resources.db.url}` and an oauth-client's credentials come from
 * ExternalSecrets, its token URL from auth.env, a service-port is known at derive time) or not at all.
 */
export function awsEnvKeyOf(service: ServiceDeclaration, placeholder: Placeholder): string | undefined {
  if ('metadata' in placeholder) return undefined;
  const resource = service.workload.resources[placeholder.resource];
  if (resource?.type === 'environment')
    return (SHARED_AWS_ENV_KEYS as readonly string[]).includes(placeholder.output)
      ? placeholder.output
      : undefined;
  if (resource?.type === 'aws-sqs-queue') {
    if (placeholder.output === 'url') return queueUrlKey(resource.id);
    if (placeholder.output === 'dlq_url') return queueDlqUrlKey(resource.id);
  }
  return undefined;
}
