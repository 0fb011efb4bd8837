// The files derived from init.values.json (see scripts/catalogue/derived.ts): every value `npm run init`
// writes once reaches what reads it from here, never as a copy someone keeps in step by hand:
//   gitops/clusters/<env>/platform.env   this repository's URL and the services' namespace, which
//                                        gitops/clusters/values replaces into Argo CD's Applications and
//                                        projects (Kustomize replacements)
//   gitops/apps/<env>/auth.env           the token issuer, its JWKS, the environment's audience and the
//                                        token endpoint
//   terraform/{environment,bootstrap}/platform.auto.tfvars.json
//                                        Terraform's variables (loaded by Terraform itself, in every apply:
//                                        `npm run up`, infra.yml, an operator's)
//   .github/CODEOWNERS                   the owners of each area
// The overlays' `namespace:` and aws.env's region and host name are set by the GitOps derivation
// (scripts/gitops/derive/), which owns those files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { ENVIRONMENTS, type Environment } from '../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../catalogue/derived.js';
import { areasOf, codeownersFor, ownerOf, PLACEHOLDER } from '../github/codeowners.js';
import { authEnvFile, clusterPlatformEnvFile } from '../gitops/layout.js';
import { type Platform, platform } from './platform.js';

export const CODEOWNERS_FILE = '.github/CODEOWNERS';
/** Terraform's variables from the init values, one file per root (Terraform loads `*.auto.tfvars.json`). */
export const PLATFORM_ENVIRONMENT_INPUTS = 'terraform/environment/platform.auto.tfvars.json';
export const PLATFORM_BOOTSTRAP_INPUTS = 'terraform/bootstrap/platform.auto.tfvars.json';

const header = (about: string[]) =>
  [
    '# Derived from init.values.json by `npm run derive`: do not edit (npm run init changes the values).',
    ...about,
  ]
    .map((line) => `${line.startsWith('#') ? line : `# ${line}`}\n`)
    .join('');

const TERRAFORM_COMMENT =
  'Derived from init.values.json by `npm run derive` (scripts/platform/derive.ts): do not edit; npm run init changes the values, npm test fails when this file differs from them.';
const tfvars = (value: Record<string, unknown>) =>
  `${JSON.stringify({ '//': TERRAFORM_COMMENT, ...value }, null, 2)}\n`;

/** The cluster's values for gitops/clusters/values: what Argo CD clones, where the services run. */
function platformEnvFile(p: Platform, env: Environment): DerivedFile {
  return {
    path: clusterPlatformEnvFile(env),
    text: `${header([
      `The ${env} cluster's values: gitops/clusters/values replaces them into the Applications whose source is`,
      "this repository, the projects that allow it, and the services' Application and its destination.",
    ])}REPO_URL=${p.repositoryUrl}\nNAMESPACE=${p.namespace(env)}\n`,
  };
}

/** Who signs the tokens the APIs accept for writes (services/lib/src/config.ts AUTH_*). */
function authEnvFileOf(p: Platform, env: Environment): DerivedFile {
  return {
    path: authEnvFile(env),
    text: `${header([
      `Who signs the tokens ${env}'s APIs accept for writes: init.values.json authIssuer (default`,
      "https://auth.<domain>/), its JWKS, this environment's entrypoint as the audience, and its token",
      "endpoint, where the services' OAuth clients get their tokens (their oauth-client's token_url).",
    ])}AUTH_ISSUER=${p.authIssuer}\nAUTH_AUDIENCE=https://${p.hostname(env)}\nAUTH_JWKS_URL=${p.authIssuer}.well-known/jwks.json\nAUTH_TOKEN_URL=${p.authIssuer}oauth/token\n`,
  };
}

/** The environment root's variables (terraform/environment/variables.tf): every environment's. */
export function environmentVariables(p: Platform) {
  return {
    project: p.prefix,
    region: p.region,
    github_repository: p.repository,
    zone_name: p.values.domain,
    // A map the root indexes by var.environment: one file serves every environment.
    hostnames: Object.fromEntries(ENVIRONMENTS.map((env) => [env, p.hostname(env)])),
    api_allowed_cidrs: p.values.adminCidrs,
    alarm_email: p.values.email,
  };
}

function codeownersFile(root: string, catalogue: Catalogue, p: Platform): DerivedFile[] {
  const file = join(root, CODEOWNERS_FILE);
  if (!existsSync(file)) return [];
  const fallback = p.values.reviewers?.map(ownerOf) ?? [PLACEHOLDER];
  return [
    {
      path: CODEOWNERS_FILE,
      text: codeownersFor(
        readFileSync(file, 'utf8'),
        areasOf(catalogue.names),
        fallback,
        p.values.owners ?? {},
      ),
    },
  ];
}

export function derivedPlatformFiles(catalogue: Catalogue): DerivedFile[] {
  const p = platform(catalogue.root);
  return [
    ...ENVIRONMENTS.flatMap((env) => [platformEnvFile(p, env), authEnvFileOf(p, env)]),
    { path: PLATFORM_ENVIRONMENT_INPUTS, text: tfvars(environmentVariables(p)) },
    { path: PLATFORM_BOOTSTRAP_INPUTS, text: tfvars({ project: p.prefix, region: p.region }) },
    ...codeownersFile(catalogue.root, catalogue, p),
  ];
}
