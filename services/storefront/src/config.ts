// The configuration of storefront, read from the environment once at start and validated as a whole.
import { folderBeside } from '../../lib/src/beside-bundle.js';
import { loadConfig, type ServiceConfig, serviceConfig, serviceEnvSchema } from '../../lib/src/config.js';

/** Environment of the storefront process: the shared variables (services/lib). */
export const storefrontEnv = serviceEnvSchema(8083, {});

/** The OAuth client the page signs in as: a public client (PKCE, no secret) the identity provider knows. */
export const CLIENT_ID = 'storefront';
/** What the page asks for: an ID token, and reading and placing the customer's orders. */
export const SIGN_IN_SCOPE = 'openid orders:read orders:write';

/** `GET /config.json`: what the page needs to sign a person in (nothing secret). */
export interface SignInConfig {
  /** AUTH_ISSUER: the OpenID Provider the page discovers (`<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** AUTH_AUDIENCE: the APIs' audience, asked for as the token's `resource`. */
  audience: string;
  scope: string;
}

/** Settings of {@link startStorefront}. */
export interface StorefrontConfig extends ServiceConfig {
  /** The built front end it serves: `public/` beside the bundle, else the source tree's. */
  publicDir: string;
  /** From the same AUTH_* the APIs verify tokens with; undefined without them (the page cannot sign in). */
  signIn: SignInConfig | undefined;
}

/**
 * Reads the settings of storefront from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadStorefrontConfig(
  source: Record<string, string | undefined> = process.env,
): StorefrontConfig {
  const e = loadConfig(storefrontEnv, source);
  const shared = serviceConfig(e);
  return {
    ...shared,
    publicDir: folderBeside(import.meta.url, 'public'),
    signIn: shared.auth && {
      issuer: shared.auth.issuer,
      clientId: CLIENT_ID,
      audience: shared.auth.audience,
      scope: SIGN_IN_SCOPE,
    },
  };
}
