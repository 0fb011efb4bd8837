// A service's access tokens for calling another service: the OAuth 2.0 client credentials grant (RFC 6749
// section 4.4) at the identity provider's token endpoint, client_secret_basic, with the scopes its
// declaration's oauth-client resource lists and the APIs' audience as the resource (RFC 8707). The HTTP
// exchange and the response checks are oauth4webapi's (panva's, zero-dependency, spec-checked); what is ours
// is the cache: a token is reused until shortly before it expires, and callers that need a new one at the
// same time share one request. Errors name the endpoint and the OAuth error, never the secret or a token.
import * as oauth from 'oauth4webapi';

export interface ClientCredentialsOptions {
  /** The token endpoint (OAUTH_TOKEN_URL): https, or http on a loopback address (the local provider). */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The scopes to ask for (`inventory:write`). */
  readonly scopes: readonly string[];
  /** The APIs' audience (AUTH_AUDIENCE), sent as `resource` (RFC 8707). */
  readonly resource?: string | undefined;
  /** The same, for a provider that reads `audience` instead (Auth0). */
  readonly audience?: string | undefined;
  /** A token is renewed this long before it expires (at most half its lifetime). @defaultValue 60 */
  readonly refreshBeforeSeconds?: number;
  /** How long a token without `expires_in` is reused. @defaultValue 60 */
  readonly defaultLifetimeSeconds?: number;
  /** Bound on one token request. @defaultValue 5000 */
  readonly timeoutMs?: number;
  /** The clock, in milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
}

/** A token could not be had; `oauthError` is the provider's error code when it gave one (`invalid_client`). */
export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
  constructor(
    message: string,
    readonly oauthError?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ClientCredentials {
  /** A valid access token: the cached one, or a new one (one request however many callers wait). */
  token(): Promise<string>;
  /** `Bearer <token>`, for the Authorization header. */
  authorization(): Promise<string>;
  /** Forgets the cached token (the API answered 401 to it): the next call asks for a new one. */
  invalidate(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function tokenEndpoint(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`token endpoint: expected a URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new TypeError(
    `token endpoint ${url.origin}${url.pathname}: expected https (http only on a loopback address)`,
  );
}

/** The error a failed exchange becomes: what the provider said, and where; nothing secret. */
function requestError(endpoint: string, error: unknown): TokenRequestError {
  const where = `token request to ${endpoint}`;
  if (error instanceof oauth.ResponseBodyError)
    return new TokenRequestError(
      `${where} failed: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}, HTTP ${error.status}`,
      error.error,
      error.status,
    );
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const code = error.cause.map((c) => c.parameters.error).find((e) => e !== undefined);
    return new TokenRequestError(
      `${where} failed: ${code ?? 'refused'}, HTTP ${error.status}`,
      code,
      error.status,
    );
  }
  if (error instanceof Error && error.name === 'TimeoutError')
    return new TokenRequestError(`${where} timed out`);
  const reason =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  return new TokenRequestError(`${where} failed: ${reason}`);
}

export function clientCredentials(options: ClientCredentialsOptions): ClientCredentials {
  const endpoint = tokenEndpoint(options.tokenUrl);
  if (options.scopes.length === 0) throw new TypeError('client credentials: expected at least one scope');
  if (!options.clientId || !options.clientSecret)
    throw new TypeError('client credentials: expected a client id and a client secret');
  const display = `${endpoint.origin}${endpoint.pathname}`;
  const as: oauth.AuthorizationServer = { issuer: endpoint.origin, token_endpoint: endpoint.href };
  const client: oauth.Client = { client_id: options.clientId };
  const authentication = oauth.ClientSecretBasic(options.clientSecret);
  const parameters = new URLSearchParams({ scope: options.scopes.join(' ') });
  if (options.resource) parameters.set('resource', options.resource);
  if (options.audience) parameters.set('audience', options.audience);
  const now = options.now ?? Date.now;
  const refreshBefore = options.refreshBeforeSeconds ?? 60;
  const timeoutMs = options.timeoutMs ?? 5000;

  let cached: { value: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const askedAt = now();
    let result: oauth.TokenEndpointResponse;
    try {
      const response = await oauth.clientCredentialsGrantRequest(as, client, authentication, parameters, {
        signal: AbortSignal.timeout(timeoutMs),
        [oauth.allowInsecureRequests]: endpoint.protocol === 'http:',
      });
      result = await oauth.processClientCredentialsResponse(as, client, response);
    } catch (error) {
      throw requestError(display, error);
    }
    const lifetime = result.expires_in ?? options.defaultLifetimeSeconds ?? 60;
    // From when it was asked for: the provider's clock started no later.
    cached = {
      value: result.access_token,
      renewAt: askedAt + (lifetime - Math.min(refreshBefore, lifetime / 2)) * 1000,
    };
    return result.access_token;
  }

  async function token(): Promise<string> {
    if (cached && now() < cached.renewAt) return cached.value;
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    token,
    authorization: async () => `Bearer ${await token()}`,
    invalidate: () => {
      cached = undefined;
    },
  };
}
