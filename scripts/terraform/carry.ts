// Carries an environment's Terraform outputs where they are used: gitops/envs/<env>/aws.env (the one file
// of AWS values kustomize fans out) and the GitHub variables the workflows read (`npm run github:setup`
// sets them; these commands are the by-hand way).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type TerraformEnv, terraformVariables, VARIABLES } from '../github/catalogue.js';
import { contractOutputs } from './checks/outputs-contract.js';

/** aws.env key -> Terraform output, one of the contract's (`contractOutputs` in checks/outputs-contract.ts). */
export const awsEnvKeys: Readonly<Record<string, (typeof contractOutputs)[number]>> = {
  AWS_REGION: 'region',
  AWS_ACCOUNT_ID: 'account_id',
  INVENTORY_ROLE_ARN: 'inventory_role_arn',
  PRICING_ROLE_ARN: 'pricing_role_arn',
  EXTERNAL_SECRETS_ROLE_ARN: 'external_secrets_role_arn',
  SQS_QUEUE_URL: 'queue_url',
  SQS_DLQ_URL: 'dlq_url',
  DATABASE_HOST: 'database_endpoint',
  DATABASE_NAME: 'database_name',
  DATABASE_SECRET_ARN: 'database_secret_arn',
  CERTIFICATE_ARN: 'certificate_arn',
  HOSTNAME: 'hostname',
  INVENTORY_REPOSITORY: 'inventory_repository_url',
  PRICING_REPOSITORY: 'pricing_repository_url',
};

/** gitops/argocd/apps/<env>/aws.env key -> Terraform output: the add-ons' values (a second file because
 * kustomize reads no file outside a kustomization's own folder). */
export const platformEnvKeys: Readonly<Record<string, (typeof contractOutputs)[number]>> = {
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
 * gitops/argocd/repository/<env>/repository.env: what Argo CD's own tree needs to build its repository
 * Secret. A file of its own: kustomize reads no file outside a kustomization's folder.
 */
export const repositoryEnvKeys: Readonly<Record<string, (typeof contractOutputs)[number]>> = {
  AWS_REGION: 'region',
  ARGOCD_REPOSITORY_ROLE_ARN: 'argocd_repository_role_arn',
  ARGOCD_REPOSITORY_SECRET: 'argocd_repository_secret',
};

export class OutputsError extends Error {
  override name = 'OutputsError';
}

/**
 * Reads `terraform output -json` into name -> string, refusing any of `names` missing, empty or multi-line.
 * @param names - the outputs to read; @defaultValue the environments' contract outputs
 */
export function parseOutputs(
  json: string,
  source: string,
  names: readonly string[] = contractOutputs,
): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new OutputsError(`${source}: not the JSON of terraform output -json`);
  }
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of names) {
    const entry = (parsed as Record<string, { value?: unknown }> | null)?.[name];
    const value = entry?.value;
    if (typeof value !== 'string' || value.length === 0) problems.push(`${name} is missing or empty`);
    else if (/[\r\n]/.test(value)) problems.push(`${name} spans several lines`);
    else out[name] = value;
  }
  if (problems.length > 0)
    throw new OutputsError(`${source}: ${problems.join('; ')} (has terraform apply finished?)`);
  return out;
}

/**
 * The new text of aws.env: each known key's line gets its value in place (comments and other lines stay),
 * keys the file lacks are appended in contract order.
 */
export function renderAwsEnv(
  current: string,
  outputs: Record<string, string>,
  keys: Readonly<Record<string, string>> = awsEnvKeys,
): { text: string; changed: string[] } {
  const changed: string[] = [];
  const seen = new Set<string>();
  const lines = current === '' ? [] : current.replace(/\n$/, '').split('\n');
  const updated = lines.map((line) => {
    const key = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    const output = key === undefined ? undefined : keys[key];
    if (key === undefined || output === undefined) return line;
    seen.add(key);
    const next = `${key}=${outputs[output]}`;
    if (next !== line) changed.push(key);
    return next;
  });
  for (const [key, output] of Object.entries(keys)) {
    if (seen.has(key)) continue;
    updated.push(`${key}=${outputs[output]}`);
    changed.push(key);
  }
  return { text: `${updated.join('\n')}\n`, changed };
}

/** Writes aws.env (or another file of `keys`) atomically; returns the keys whose value changed. */
export async function writeAwsEnv(
  path: string,
  outputs: Record<string, string>,
  keys: Readonly<Record<string, string>> = awsEnvKeys,
): Promise<string[]> {
  const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const { text, changed } = renderAwsEnv(current, outputs, keys);
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
 * outputs) and the environment's tfvars, read from the file by `gh` so its text never reaches a log.
 */
export function infraCommands(env: string, bootstrap: Record<string, string>, tfvarsFile: string): string[] {
  return [
    ...VARIABLES.flatMap(({ name, from }) =>
      'bootstrap' in from
        ? [`gh variable set ${name} --body ${shellQuote(bootstrap[from.bootstrap] ?? '')}`]
        : [],
    ),
    `gh variable set TFVARS_${env.toUpperCase()} < ${shellQuote(tfvarsFile)}`,
  ];
}
