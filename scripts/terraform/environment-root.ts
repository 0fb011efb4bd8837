// terraform/environment: the one root every environment applies, and what makes an apply one environment's
// (`npm run up`, `outputs.ts`, `github:setup` and infra.yml all take these from here).

/** The root, relative to the repository. */
export const ENVIRONMENT_ROOT = 'terraform/environment';

/**
 * The environment's state object in the bucket, given at init (`-backend-config=key=...`): the key each
 * environment had when it had a root of its own, so its state stayed where it was.
 */
export const stateKey = (env: string): string => `envs/${env}/terraform.tfstate`;

/**
 * Its settings, committed (`-var-file`, relative to the root). What an installation decides (region,
 * repository, zone, host names, CIDRs, email, prefix) is in platform.auto.tfvars.json, derived from
 * init.values.json, which Terraform loads by itself in every environment.
 */
export const settingsFile = (env: string): string => `${env}.tfvars`;

/**
 * Terraform's working data of the environment (TF_DATA_DIR, relative to the root: backend settings, modules,
 * providers). One per environment, so `terraform output` of dev never reads prod's state because prod was
 * the last one initialised on this machine.
 */
export const dataDir = (env: string): string => `.terraform/${env}`;
