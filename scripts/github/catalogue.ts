// Every repository setting the workflows need, once: each variable and secret with its scope (a GitHub
// environment's variable shadows the repository's: a role set at the wrong scope is a job assuming the wrong
// role, which its trust policy refuses) and where its value comes from; the environments with their
// deployment branches. `npm run github:setup` applies it; scripts/terraform/outputs.ts prints the Terraform
// part; test/coverage.test.ts holds it to what the workflow definitions read.
import type { platformOutputs } from '../terraform/checks/outputs-contract.js';

export type TerraformEnv = 'dev' | 'prod';
/** The environment root's outputs a variable may take its value from: one string each. */
export type TerraformOutput = (typeof platformOutputs)[number];

/** The init values that become variables (values.ts). */
export type ValueKey =
  | 'baseImage'
  | 'sonarOrganization'
  | 'sonarProjectKey'
  | 'appClientId'
  | 'releaseBumpMode'
  | 'provenance'
  | 'releaseProvenance';

export type VariableSource =
  | { readonly terraform: TerraformEnv; readonly output: TerraformOutput }
  /** terraform/bootstrap's outputs: the S3 backend infra.yml initialises with. */
  | { readonly bootstrap: string }
  | { readonly value: ValueKey };

export interface VariableSetting {
  readonly name: string;
  /** The GitHub environment it is set in; undefined: the repository. */
  readonly environment?: string;
  readonly from: VariableSource;
  /** Why a workflow runs without it (it is then set only when its value is given). */
  readonly optional?: string;
}

export const VARIABLES: readonly VariableSetting[] = [
  { name: 'AWS_REGION', from: { terraform: 'dev', output: 'region' } },
  { name: 'ECR_REGISTRY', from: { terraform: 'dev', output: 'ecr_registry' } },
  { name: 'AWS_CI_ROLE_ARN', from: { terraform: 'dev', output: 'ci_role_arn' } },
  { name: 'AWS_PR_ROLE_ARN', from: { terraform: 'dev', output: 'pr_role_arn' } },
  { name: 'AWS_DEPLOY_ROLE_ARN', environment: 'dev', from: { terraform: 'dev', output: 'deploy_role_arn' } },
  {
    name: 'AWS_RELEASE_ROLE_ARN',
    environment: 'production',
    from: { terraform: 'prod', output: 'release_role_arn' },
  },
  // Each Terraform environment's apply role in its own GitHub environment, never the repository: the role
  // trusts only repo:<repo>:environment:terraform-<env>.
  {
    name: 'AWS_TERRAFORM_ROLE_ARN',
    environment: 'terraform-dev',
    from: { terraform: 'dev', output: 'terraform_role_arn' },
  },
  {
    name: 'AWS_TERRAFORM_ROLE_ARN',
    environment: 'terraform-prod',
    from: { terraform: 'prod', output: 'terraform_role_arn' },
  },
  { name: 'TF_STATE_BUCKET', from: { bootstrap: 'state_bucket' } },
  { name: 'TF_STATE_KMS_KEY_ARN', from: { bootstrap: 'state_kms_key_arn' } },
  { name: 'BASE_IMAGE', from: { value: 'baseImage' } },
  {
    name: 'SONAR_ORGANIZATION',
    from: { value: 'sonarOrganization' },
    optional: 'pr.yml skips SonarCloud with a notice until the organization, project key and token are set',
  },
  {
    name: 'SONAR_PROJECT_KEY',
    from: { value: 'sonarProjectKey' },
    optional: 'pr.yml skips SonarCloud with a notice until the organization, project key and token are set',
  },
  { name: 'GH_APP_CLIENT_ID', from: { value: 'appClientId' } },
  {
    name: 'RELEASE_BUMP_MODE',
    from: { value: 'releaseBumpMode' },
    optional: "release.yml defaults to 'pull-request'; set 'push' to commit the prod bump directly",
  },
  // workflows/provenance.ts: `off` where the plan cannot attest (a private repository without artifact
  // attestations). production's own value is always set, so the repository's `off` never reaches the release.
  {
    name: 'PROVENANCE',
    from: { value: 'provenance' },
    optional: "main.yml attests unless 'off' (a private repository whose plan has no artifact attestations)",
  },
  {
    name: 'PROVENANCE',
    environment: 'production',
    from: { value: 'releaseProvenance' },
    optional: "the release verifies provenance unless 'off' is set on production itself",
  },
];

/** Where a secret's value comes from: an environment variable of the caller, or a file it names. */
export interface SecretSource {
  /** Holds the value itself. */
  readonly env: string;
  /** Holds the path of a file with the value (an alternative to `env`). */
  readonly fileEnv: string;
  /** Command-line flag naming a file with the value. */
  readonly fileFlag: string;
}

export interface SecretSetting {
  readonly name: string;
  readonly environment?: string;
  readonly from: SecretSource;
  /** Why the workflows run without it (setup then sets it only when given). */
  readonly optional?: string;
}

const SONAR_TOKEN: SecretSource = {
  env: 'SONAR_TOKEN',
  fileEnv: 'SONAR_TOKEN_FILE',
  fileFlag: '--sonar-token-file',
};
const APP_KEY: SecretSource = {
  env: 'GH_APP_PRIVATE_KEY',
  fileEnv: 'GH_APP_PRIVATE_KEY_FILE',
  fileFlag: '--app-key-file',
};

export const SECRETS: readonly SecretSetting[] = [
  {
    name: 'SONAR_TOKEN',
    from: SONAR_TOKEN,
    optional: 'pr.yml skips SonarCloud with a notice until it is set',
  },
  // Environment secrets only: a repository secret would reach a pull request's run.
  { name: 'GH_APP_PRIVATE_KEY', environment: 'dev', from: APP_KEY },
  { name: 'GH_APP_PRIVATE_KEY', environment: 'production', from: APP_KEY },
];

export interface EnvironmentSetting {
  readonly name: string;
  /** Required reviewers (the init values' `reviewers`) before a job in it starts. */
  readonly reviewed: boolean;
  /** The only refs whose runs may use it. */
  readonly refs: readonly { readonly type: 'branch' | 'tag'; readonly name: string }[];
}

export const ENVIRONMENTS: readonly EnvironmentSetting[] = [
  { name: 'dev', reviewed: false, refs: [{ type: 'branch', name: 'main' }] },
  { name: 'production', reviewed: true, refs: [{ type: 'tag', name: 'v*' }] },
  { name: 'terraform-dev', reviewed: false, refs: [{ type: 'branch', name: 'main' }] },
  { name: 'terraform-prod', reviewed: true, refs: [{ type: 'branch', name: 'main' }] },
];

/** The variables whose value is an output of terraform/environment, applied for <env>. */
export function terraformVariables(env: TerraformEnv): VariableSetting[] {
  return VARIABLES.filter((v) => 'terraform' in v.from && v.from.terraform === env);
}

/** The terraform/bootstrap outputs the variables read. */
export function bootstrapOutputs(): string[] {
  return VARIABLES.flatMap((v) => ('bootstrap' in v.from ? [v.from.bootstrap] : []));
}
