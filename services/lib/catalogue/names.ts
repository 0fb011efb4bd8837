// The rules a service's name and a queue's id follow, in one place: the catalogue loader holds every
// score.yaml to them, and `npm run new:service` refuses a name that breaks one before it writes anything.
// A name becomes many others (folder, image, IAM role, ECR repository, Kubernetes objects, aws.env keys),
// so each rule says which of those it protects.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from './score-schema.js';

/** The repository root (this file is services/lib/catalogue/names.ts). */
export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..', '..');

/** A lower-case DNS label that starts with a letter (a Kubernetes Service name, RFC 1035) and ends with a letter or digit. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const NAME_RULE = `a lower-case DNS label (${NAME_PATTERN.source}: a-z, 0-9 and -, starting with a letter, ending with a letter or digit, at least 2 characters)`;

/** Names no service may take, and what already has them. */
export const RESERVED_NAMES: Readonly<Record<string, string>> = {
  lib: 'services/lib holds the shared library, not a service',
  test: 'services/test holds the tests that span services',
  template: 'the name of the service template (scripts/service/template)',
  workload: "the placeholder name of the GitOps kind components' objects",
  default: 'the Kubernetes namespace "default" and every namespace\'s default ServiceAccount',
  argocd: "Argo CD's namespace and the prefix of its objects",
  'external-secrets': "External Secrets' ServiceAccount and namespace",
  'aws-env': "each environment's ConfigMap of Terraform's values (gitops/apps/<env>/aws.env)",
  'aws-secrets-manager': "each environment's SecretStore",
  'default-deny': "each environment's default NetworkPolicy",
  dev: 'an environment (gitops/apps/dev, its Argo CD project)',
  prod: 'an environment (gitops/apps/prod, its Argo CD project)',
};

/** Prefixes no service may start with, and why. */
export const RESERVED_PREFIXES: Readonly<Record<string, string>> = {
  'kube-': "Kubernetes' own (kube-system, kube-public, kube-node-lease, kube-proxy)",
};

/** AWS's and Kubernetes' limits on the names made from a service's name or a queue's id. */
export const LIMITS = {
  /** IAM role names: `<project>-<env>-<service>` (the service's IRSA role). */
  iamRole: 64,
  /** ECR repository names: `<project>/<service>`. */
  ecrRepository: 256,
  /** SQS queue names, `.fifo` included: `<project>-<env>-<queue id>-dlq.fifo`. */
  sqsQueue: 80,
  /** Kubernetes names we keep to a DNS label: Service, labels, and every object named after the service. */
  kubernetesName: 63,
} as const;

/**
 * The suffixes the GitOps tree adds to a service's name: its ConfigMap with kustomize's 10-character
 * content hash, the ExternalSecrets of its database and OAuth client credentials, and the NetworkPolicy of
 * its service-port peers.
 */
export const KUBERNETES_SUFFIXES = ['-config-0123456789', '-database', '-oauth-client', '-peers'] as const;

/** The environment whose name is the longest: the one the length rules are checked against. */
const longestEnvironment = [...ENVIRONMENTS].sort((a, b) => b.length - a.length)[0] ?? 'prod';

/** What the name rules need to know about the repository. */
export interface NameContext {
  /** The project prefix of AWS names ({@link projectName}). */
  readonly project: string;
}

/** Every rule `name` breaks as a service's name, each naming the rule; empty when it is a good name. */
export function serviceNameProblems(name: string, context: NameContext): string[] {
  if (!NAME_PATTERN.test(name)) return [`"${name}" is not ${NAME_RULE}`];
  const problems: string[] = [];
  const reserved = RESERVED_NAMES[name];
  if (reserved !== undefined) problems.push(`"${name}" is reserved: ${reserved}`);
  if (name === context.project)
    problems.push(
      `"${name}" is reserved: it is the project's name (the entrypoint Ingress, app.kubernetes.io/part-of)`,
    );
  for (const [prefix, why] of Object.entries(RESERVED_PREFIXES))
    if (name.startsWith(prefix)) problems.push(`"${name}" is reserved: ${prefix}* names are ${why}`);
  const role = `${context.project}-${longestEnvironment}-${name}`;
  if (role.length > LIMITS.iamRole)
    problems.push(
      `"${name}" is too long: its IAM role ${role} has ${role.length} characters, AWS allows ${LIMITS.iamRole}`,
    );
  const repository = `${context.project}/${name}`;
  if (repository.length > LIMITS.ecrRepository)
    problems.push(
      `"${name}" is too long: its ECR repository ${repository} has ${repository.length} characters, AWS allows ${LIMITS.ecrRepository}`,
    );
  const longest = `${name}${[...KUBERNETES_SUFFIXES].sort((a, b) => b.length - a.length)[0] ?? ''}`;
  if (longest.length > LIMITS.kubernetesName)
    problems.push(
      `"${name}" is too long: its Kubernetes name ${longest} has ${longest.length} characters, a DNS label allows ${LIMITS.kubernetesName}`,
    );
  return problems;
}

/** Every rule `id` breaks as a queue's id (score.yaml `resources.<name>.id`); empty when it is a good id. */
export function queueIdProblems(id: string, context: NameContext): string[] {
  if (!NAME_PATTERN.test(id)) return [`queue id "${id}" is not ${NAME_RULE}`];
  const dlq = `${context.project}-${longestEnvironment}-${id}-dlq.fifo`;
  return dlq.length > LIMITS.sqsQueue
    ? [
        `queue id "${id}" is too long: its dead-letter queue ${dlq} has ${dlq.length} characters, SQS allows ${LIMITS.sqsQueue}`,
      ]
    : [];
}

/**
 * PostgreSQL's reserved key words (its docs, appendix "SQL Key Words": reserved, and reserved but usable
 * as a function or type name): a schema may not be one, since migrate() and the stores name it unquoted.
 */
const POSTGRES_RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate ' +
    'collation column concurrently constraint create cross current_catalog current_date current_role ' +
    'current_schema current_time current_timestamp current_user default deferrable desc distinct do else end ' +
    'except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into ' +
    'is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on ' +
    'only or order outer overlaps placing primary references returning right select session_user similar some ' +
    'symmetric system_user table tablesample then to trailing true union unique user using variadic verbose ' +
    'when where window with'
  ).split(' '),
);

/** The PostgreSQL schema a service's name gives (`order-book` → `order_book`): what `--database` makes. */
export const schemaOf = (name: string): string => name.replaceAll('-', '_');

/** Every rule `schema` breaks as the schema a service owns (score.yaml `resources.db.params.schema`). */
export function schemaProblems(schema: string): string[] {
  if (POSTGRES_RESERVED.has(schema))
    return [`schema "${schema}" is a PostgreSQL reserved key word (the migrations name it unquoted)`];
  if (schema.startsWith('pg_'))
    return [`schema "${schema}" starts with pg_, which PostgreSQL keeps for itself`];
  if (schema === 'public' || schema === 'information_schema')
    return [`schema "${schema}" is PostgreSQL's own, shared by every service`];
  return [];
}

/** The file that says whose platform this is (scripts/platform/values.ts; written by `npm run init`). */
export const INIT_VALUES_FILE = 'init.values.json';

/**
 * A project prefix: 2 to 12 lower-case letters, digits or dashes, starting with a letter, so that
 * `<prefix>-prod-<service>` names fit AWS's limits (the service rules check the rest).
 */
export const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;

/**
 * The project prefix of every AWS name (`<project>-<env>-...`, `<project>/<service>`) and of the services'
 * namespaces (`<project>-<env>`): the `prefix` of init.values.json, the one place it is written (Terraform
 * and the GitOps tree take it from there through `npm run derive`). A root without the file (a test's
 * scratch copy of services/) reads this repository's.
 * @throws Error when the file is not JSON or its prefix is missing or malformed
 */
export function projectName(root: string = REPOSITORY_ROOT): string {
  const file = join(root, INIT_VALUES_FILE);
  if (!existsSync(file)) {
    if (root === REPOSITORY_ROOT) throw new Error(`${INIT_VALUES_FILE} is missing: run npm run init`);
    return projectName(REPOSITORY_ROOT);
  }
  let prefix: unknown;
  try {
    prefix = (JSON.parse(readFileSync(file, 'utf8')) as { prefix?: unknown }).prefix;
  } catch {
    throw new Error(`${INIT_VALUES_FILE} is not JSON: fix it, or run npm run init`);
  }
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix))
    throw new Error(
      `${INIT_VALUES_FILE}: prefix ${JSON.stringify(prefix)} is not 2 to 12 lower-case letters, digits or dashes starting with a letter (npm run init -- --prefix …)`,
    );
  return prefix;
}
