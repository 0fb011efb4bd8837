// Carries an environment's Terraform outputs where they are used: gitops/apps/<env>/aws.env (the one file
// of AWS values kustomize fans out, with exactly the keys of services/lib/catalogue/aws-env.ts: shared ones,
// then per service and per queue id from the outputs that are maps) and the GitHub variables the workflows
// read (`npm run github:setup` sets them; these commands are the by-hand way).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  awsEnvKeys,
  oauthClientSecretKey,
  queueDlqUrlKey,
  queueUrlKey,
  SHARED_AWS_ENV_KEYS,
  serviceRepositoryKey,
  serviceRoleKey,
} from '../../services/lib/catalogue/aws-env.js';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { type TerraformEnv, terraformVariables, VARIABLES } from '../github/catalogue.js';
import { platformOutputs, type serviceOutputs } from './checks/outputs-contract.js';

type PlatformOutput = (typeof platformOutputs)[number];

/** The shared aws.env keys (services/lib/catalogue/aws-env.ts) -> the Terraform output of each. */
export const sharedAwsEnvOutputs: Readonly<Record<(typeof SHARED_AWS_ENV_KEYS)[number], PlatformOutput>> = {
  AWS_REGION: 'region',
  AWS_ACCOUNT_ID: 'account_id',
  EXTERNAL_SECRETS_ROLE_ARN: 'external_secrets_role_arn',
  DATABASE_HOST: 'database_endpoint',
  DATABASE_NAME: 'database_name',
  DATABASE_SECRET_ARN: 'database_secret_arn',
  CERTIFICATE_ARN: 'certificate_arn',
  HOSTNAME: 'hostname',
};

/** gitops/clusters/<env>/aws.env key -> Terraform output: the add-ons' values (a second file because
 * kustomize reads no file outside a kustomization's own folder). */
export const platformEnvKeys: Readonly<Record<string, PlatformOutput>> = {
  AWS_REGION: 'region',
  CLUSTER_NAME: 'cluster_name',
  VPC_ID: 'vpc_id',
  ALB_CONTROLLER_ROLE_ARN: 'alb_controller_role_arn',
  CLUSTER_AUTOSCALER_ROLE_ARN: 'cluster_autoscaler_role_arn',
  LOKI_BUCKET: 'loki_bucket',
  LOKI_ROLE_ARN: 'loki_role_arn',
  ALERTMANAGER_ROLE_ARN: 'alertmanager_role_arn',
  ALERTS_TOPIC_ARN: 'alerts_topic_arn',
};

/**
 * gitops/infrastructure/configs/argocd-repository/<env>/repository.env: what Argo CD's own tree needs to build its repository
 * Secret. A file of its own: kustomize reads no file outside a kustomization's folder.
 */
export const repositoryEnvKeys: Readonly<Record<string, PlatformOutput>> = {
  AWS_REGION: 'region',
  ARGOCD_REPOSITORY_ROLE_ARN: 'argocd_repository_role_arn',
  ARGOCD_REPOSITORY_SECRET: 'argocd_repository_secret',
};

export class OutputsError extends Error {
  override name = 'OutputsError';
}

function parseJson(json: string, source: string): Record<string, { value?: unknown }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new OutputsError(`${source}: not the JSON of terraform output -json`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new OutputsError(`${source}: not the JSON of terraform output -json`);
  return parsed as Record<string, { value?: unknown }>;
}

/** Why a value cannot be an env file's value, or undefined when it can. */
function unusable(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is missing or empty';
  if (/[\r\n]/.test(value)) return 'spans several lines';
  return undefined;
}

const failWith = (source: string, problems: string[]) => {
  if (problems.length > 0)
    throw new OutputsError(`${source}: ${problems.join('; ')} (has terraform apply finished?)`);
};

/**
 * Reads `terraform output -json` into name -> string, refusing any of `names` missing, empty or multi-line.
 * @param names - the outputs to read; @defaultValue the environment root's one-string outputs
 */
export function parseOutputs(
  json: string,
  source: string,
  names: readonly string[] = platformOutputs,
): Record<string, string> {
  const parsed = parseJson(json, source);
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of names) {
    const value = parsed[name]?.value;
    const problem = unusable(value);
    if (problem) problems.push(`${name} ${problem}`);
    else out[name] = value as string;
  }
  failWith(source, problems);
  return out;
}

/** The maps by service and by queue id (`service_role_arns`, `repository_urls`, `queues`, `oauth_client_secrets`), as parsed. */
export type ServiceOutputs = Readonly<Record<(typeof serviceOutputs)[number], unknown>>;

export function parseServiceOutputs(json: string, source: string): ServiceOutputs {
  const parsed = parseJson(json, source);
  return {
    service_role_arns: parsed.service_role_arns?.value,
    repository_urls: parsed.repository_urls?.value,
    queues: parsed.queues?.value,
    oauth_client_secrets: parsed.oauth_client_secrets?.value,
  };
}

/**
 * The environment's aws.env values, key -> value, for exactly the keys of `awsEnvKeys(catalogue)` in their
 * order: the shared ones from their outputs, each service's role and repository from the maps by service,
 * each queue's URLs from the map by queue id. Refuses, naming every gap, an output that lacks a declared
 * service or queue (a declaration newer than the last apply).
 */
export function awsEnvValues(
  catalogue: Catalogue,
  platform: Readonly<Record<string, string>>,
  services: ServiceOutputs,
  source: string,
): [string, string][] {
  const at = (map: unknown, key: string) =>
    typeof map === 'object' && map !== null ? (map as Record<string, unknown>)[key] : undefined;
  // Each key's value and the output it is read from (for the message when it is not there).
  const sources = new Map<string, readonly [unknown, string]>();
  for (const key of SHARED_AWS_ENV_KEYS)
    sources.set(key, [platform[sharedAwsEnvOutputs[key]], sharedAwsEnvOutputs[key]]);
  for (const name of catalogue.names) {
    sources.set(serviceRoleKey(name), [at(services.service_role_arns, name), `service_role_arns["${name}"]`]);
    sources.set(serviceRepositoryKey(name), [
      at(services.repository_urls, name),
      `repository_urls["${name}"]`,
    ]);
  }
  for (const service of catalogue.services.filter((s) => s.oauthClient))
    sources.set(oauthClientSecretKey(service.name), [
      at(services.oauth_client_secrets, service.name),
      `oauth_client_secrets["${service.name}"]`,
    ]);
  for (const id of catalogue.queueIds) {
    sources.set(queueUrlKey(id), [at(at(services.queues, id), 'url'), `queues["${id}"].url`]);
    sources.set(queueDlqUrlKey(id), [at(at(services.queues, id), 'dlq_url'), `queues["${id}"].dlq_url`]);
  }
  const problems: string[] = [];
  const values = awsEnvKeys(catalogue).flatMap((key): [string, string][] => {
    const [value, what] = sources.get(key) ?? [undefined, key];
    const problem = unusable(value);
    if (problem) problems.push(`${what} ${problem}`);
    return problem ? [] : [[key, value as string]];
  });
  failWith(source, problems);
  return values;
}

/** An env file's `key -> output` map, filled from the outputs: the entries in the map's order. */
export function envEntries(
  keys: Readonly<Record<string, string>>,
  outputs: Readonly<Record<string, string>>,
): [string, string][] {
  return Object.entries(keys).map(([key, output]) => [key, outputs[output] ?? '']);
}

/**
 * The new text of an env file: each known key's line gets its value in place (comments and other lines
 * stay), keys the file lacks are appended in the given order.
 */
export function renderEnvFile(
  current: string,
  entries: readonly (readonly [string, string])[],
): { text: string; changed: string[] } {
  const values = new Map(entries);
  const changed: string[] = [];
  const seen = new Set<string>();
  const lines = current === '' ? [] : current.replace(/\n$/, '').split('\n');
  const updated = lines.map((line) => {
    const key = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    const value = key === undefined ? undefined : values.get(key);
    if (key === undefined || value === undefined) return line;
    seen.add(key);
    const next = `${key}=${value}`;
    if (next !== line) changed.push(key);
    return next;
  });
  for (const [key, value] of entries) {
    if (seen.has(key)) continue;
    updated.push(`${key}=${value}`);
    changed.push(key);
  }
  return { text: `${updated.join('\n')}\n`, changed };
}

/** Writes an env file atomically; returns the keys whose value changed. */
export async function writeEnvFile(
  path: string,
  entries: readonly (readonly [string, string])[],
): Promise<string[]> {
  const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const { text, changed } = renderEnvFile(current, entries);
  if (changed.length > 0) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
  }
  return changed;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The `gh variable set` commands of an environment's outputs, each at its scope (scripts/github/catalogue.ts). */
export function githubCommands(env: TerraformEnv, outputs: Record<string, string>): string[] {
  return terraformVariables(env).map(({ name, environment, from }) => {
    const flag = environment === undefined ? '' : ` --env ${environment}`;
    const value = 'output' in from ? outputs[from.output] : undefined;
    return `gh variable set ${name}${flag} --body ${shellQuote(value ?? '')}`;
  });
}

/**
 * The `gh variable set` commands of infra.yml's own settings: the state backend (terraform/bootstrap's
 * outputs). Its other inputs are committed (platform.auto.tfvars.json, <env>.tfvars).
 */
export function infraCommands(bootstrap: Record<string, string>): string[] {
  return VARIABLES.flatMap(({ name, from }) =>
    'bootstrap' in from
      ? [`gh variable set ${name} --body ${shellQuote(bootstrap[from.bootstrap] ?? '')}`]
      : [],
  );
}
