// Carries an environment's Terraform outputs where they are used: gitops/envs/<env>/aws.env (the one file
// of AWS values kustomize fans out) and the GitHub variables the workflows read.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { contractOutputs } from './checks/outputs-contract.js';

/** aws.env key -> Terraform output (CONTRACTS.md). */
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

/** GitHub variable -> Terraform output. */
export const githubVariables: Readonly<Record<string, (typeof contractOutputs)[number]>> = {
  AWS_REGION: 'region',
  ECR_REGISTRY: 'ecr_registry',
  AWS_CI_ROLE_ARN: 'ci_role_arn',
  AWS_PR_ROLE_ARN: 'pr_role_arn',
  AWS_RELEASE_ROLE_ARN: 'release_role_arn',
  AWS_DEPLOY_ROLE_ARN: 'deploy_role_arn',
  AWS_TERRAFORM_ROLE_ARN: 'terraform_role_arn',
};

/** GitHub variable -> terraform/bootstrap output: the S3 backend infra.yml initialises with. */
export const bootstrapVariables: Readonly<Record<string, string>> = {
  TF_STATE_BUCKET: 'state_bucket',
  TF_STATE_KMS_KEY_ARN: 'state_kms_key_arn',
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

/** Writes aws.env atomically; returns the keys whose value changed. */
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
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
  }
  return changed;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The GitHub environment a role's variable belongs to, per Terraform environment (undefined: the repository's
 * variable, set from dev; prod sets only its scoped ones). Each Terraform environment's apply role lives in
 * its own GitHub environment, terraform-<env>, the only `sub` that role trusts: a repository-wide value would
 * be shadowed for one leg and used by the other.
 */
const variableEnvironment: Readonly<Record<string, (env: string) => string | undefined>> = {
  AWS_RELEASE_ROLE_ARN: (env) => (env === 'prod' ? 'production' : undefined),
  AWS_DEPLOY_ROLE_ARN: (env) => (env === 'dev' ? 'dev' : undefined),
  AWS_TERRAFORM_ROLE_ARN: (env) => `terraform-${env}`,
};

/** The `gh variable set` commands of an environment's outputs (see variableEnvironment). */
export function githubCommands(env: string, outputs: Record<string, string>): string[] {
  return Object.entries(githubVariables).flatMap(([name, output]) => {
    const scope = variableEnvironment[name]?.(env);
    if (env === 'prod' && scope === undefined) return [];
    const flag = scope === undefined ? '' : ` --env ${scope}`;
    return [`gh variable set ${name}${flag} --body ${shellQuote(outputs[output] ?? '')}`];
  });
}

/**
 * The `gh variable set` commands of infra.yml's own settings: the state backend (terraform/bootstrap's
 * outputs) and the environment's tfvars, read from the file by `gh` so its text never reaches a log.
 */
export function infraCommands(env: string, bootstrap: Record<string, string>, tfvarsFile: string): string[] {
  return [
    ...Object.entries(bootstrapVariables).map(
      ([name, output]) => `gh variable set ${name} --body ${shellQuote(bootstrap[output] ?? '')}`,
    ),
    `gh variable set TFVARS_${env.toUpperCase()} < ${shellQuote(tfvarsFile)}`,
  ];
}
