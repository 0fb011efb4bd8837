// What the platform's values (init.values.json) give the rest of the tree, computed in one place: the
// repository's URL, each environment's namespace and host name, the token issuer. `npm run derive` writes
// them where they are read (scripts/platform/derive.ts, the GitOps overlays, Terraform's variables);
// `npm run up` names the namespaces with them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INIT_VALUES_FILE, REPOSITORY_ROOT } from '../../services/lib/catalogue/names.js';
import type { Environment } from '../../services/lib/catalogue/score-schema.js';
import { type DerivationValues, derivationValuesFile, problemsOf } from './values.js';

export class PlatformValuesError extends Error {
  override name = 'PlatformValuesError';
}

export interface Platform {
  readonly values: DerivationValues;
  /** `owner/name` on GitHub. */
  readonly repository: string;
  /** What Argo CD clones: `https://github.com/<owner>/<name>.git`. */
  readonly repositoryUrl: string;
  readonly prefix: string;
  readonly region: string;
  /** The services' namespace in `env`: `<prefix>-<env>`. */
  namespace(env: Environment): string;
  /** The entrypoint's host name in `env`: prod at the domain itself, dev at `dev.<domain>`. */
  hostname(env: Environment): string;
  /** Who signs the tokens the APIs accept for writes. */
  readonly authIssuer: string;
}

/**
 * The values of `<root>/init.values.json`, to their shapes (placeholders allowed: init refuses them, the
 * derivation does not). A root without the file (a test's scratch copy) reads this repository's.
 * @throws PlatformValuesError naming the file and each bad field
 */
export function readPlatformValues(root: string = REPOSITORY_ROOT): DerivationValues {
  const file = join(root, INIT_VALUES_FILE);
  if (!existsSync(file)) {
    if (root === REPOSITORY_ROOT)
      throw new PlatformValuesError(`${INIT_VALUES_FILE} is missing: run npm run init`);
    return readPlatformValues(REPOSITORY_ROOT);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new PlatformValuesError(`${INIT_VALUES_FILE} is not JSON: fix it, or run npm run init`);
  }
  const parsed = derivationValuesFile.safeParse(json);
  if (!parsed.success)
    throw new PlatformValuesError(`${INIT_VALUES_FILE}: ${problemsOf(parsed.error).join('; ')}`);
  return parsed.data;
}

export function platformOf(values: DerivationValues): Platform {
  return {
    values,
    repository: values.repository,
    repositoryUrl: `https://github.com/${values.repository}.git`,
    prefix: values.prefix,
    region: values.region,
    namespace: (env) => `${values.prefix}-${env}`,
    hostname: (env) => (env === 'prod' ? values.domain : `${env}.${values.domain}`),
    authIssuer: values.authIssuer ?? `https://auth.${values.domain}/`,
  };
}

/** The platform of the repository at `root` (default this one). */
export const platform = (root: string = REPOSITORY_ROOT): Platform => platformOf(readPlatformValues(root));
