// The configuration of storefront, read from the environment once at start and validated as a whole.
import { folderBeside } from '../../lib/src/beside-bundle.js';
import { loadConfig, type ServiceConfig, serviceConfig, serviceEnvSchema } from '../../lib/src/config.js';

/** Environment of the storefront process: the shared variables (services/lib). */
export const storefrontEnv = serviceEnvSchema(8083, {});

/** Settings of {@link startStorefront}. */
export interface StorefrontConfig extends ServiceConfig {
  /** The built front end it serves: `public/` beside the bundle, else the source tree's. */
  publicDir: string;
}

/**
 * Reads the settings of storefront from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadStorefrontConfig(
  source: Record<string, string | undefined> = process.env,
): StorefrontConfig {
  const e = loadConfig(storefrontEnv, source);
  return {
    ...serviceConfig(e),
    publicDir: folderBeside(import.meta.url, 'public'),
  };
}
