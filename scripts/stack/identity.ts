// The local OpenID Provider of `npm start` and the tests: oidc-provider (panva's, certified), serving on
// 127.0.0.1 what a fork's identity provider serves in a cluster, so the services and the storefront talk to
// a real authorization server and not a stand-in:
//   - the client credentials grant (RFC 6749 section 4.4) for every declared oauth-client: client_id the
//     service's name, a fresh secret each start (client_secret_basic), only its declared scopes (asking for
//     another is the OAuth error invalid_scope);
//   - the authorization code grant with PKCE (S256) for public clients (the storefront), signed in through
//     oidc-provider's development interactions: any login name becomes the token's `sub`;
//   - access tokens as JWTs for one resource, the services' audience (RFC 8707 resource indicators; the
//     default resource when a request names none), with a `scope` claim, signed ES256 with the dev issuer's
//     key under the dev issuer's name: a service trusting AUTH_PUBLIC_KEY accepts them and the dev token alike;
//   - CORS on its endpoints for exactly the origins of a public client's redirect URIs.
// Its state (sessions, grants, codes) is in memory and ends with it. Never part of an image.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider, { type ClientMetadata, type Configuration, errors } from 'oidc-provider';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { createDevIssuer, type DevIssuer } from '../../services/lib/src/dev-auth.js';

/** The issuer of a local identity provider on `port`: the URL its tokens name and it answers on. */
export const localIssuerUrl = (port: number): string => `http://127.0.0.1:${port}`;

/** A confidential client of the client credentials grant (a service's declared oauth-client). */
export interface MachineClient {
  readonly clientId: string;
  /** Its allowed scopes (`inventory:write`). */
  readonly scopes: readonly string[];
}

/** A public client of the authorization code grant with PKCE (a browser application). */
export interface PublicClient {
  readonly clientId: string;
  /** Where the code may be sent; their origins may call the token endpoint from a browser (CORS). */
  readonly redirectUris: readonly string[];
  /** `openid` and the resource scopes it may ask for. */
  readonly scopes: readonly string[];
}

export interface LocalIdentityOptions {
  /** Its port; the issuer is {@link localIssuerUrl}(port) and must be `signer.issuer`. */
  readonly port: number;
  /** Whose key signs, under whose name and for which audience (the stack's dev issuer). */
  readonly signer: DevIssuer;
  /** Every scope a token may carry (each declared service's `:read` and `:write`). */
  readonly scopes: readonly string[];
  readonly machineClients: readonly MachineClient[];
  readonly publicClients: readonly PublicClient[];
  /** Access tokens' lifetime. @defaultValue 600 (10 min) */
  readonly accessTokenTtlSeconds?: number;
}

/** A machine client's credentials, as a service receives them (its oauth-client outputs). */
export interface LocalClientCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface LocalIdentity {
  /** Its issuer URL (no trailing slash): discovery at `${issuer}/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly tokenUrl: string;
  /** Each machine client's credentials, by client id. */
  readonly clients: Readonly<Record<string, LocalClientCredentials>>;
  stop(): Promise<void>;
}

/** Refuses what oidc-provider would refuse later and less clearly. */
function checkOptions(options: LocalIdentityOptions, issuer: string): void {
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
    throw new Error(
      `local identity: port ${options.port}: the issuer names its port, so choose one first (freePort())`,
    );
  if (options.signer.issuer !== issuer)
    throw new Error(
      `local identity: the signer's issuer is ${options.signer.issuer}, but this provider's is ${issuer} (createDevIssuer({ issuer: localIssuerUrl(port) }))`,
    );
  const known = new Set(options.scopes);
  const ids = [...options.machineClients, ...options.publicClients].map((c) => c.clientId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new Error(`local identity: client id ${twice.join(', ')} registered twice`);
  for (const client of [...options.machineClients, ...options.publicClients])
    for (const scope of client.scopes)
      if (scope !== 'openid' && !known.has(scope))
        throw new Error(
          `local identity: client ${client.clientId} asks for ${scope}, which is not a known scope`,
        );
}

export async function startLocalIdentity(options: LocalIdentityOptions): Promise<LocalIdentity> {
  const issuer = localIssuerUrl(options.port);
  checkOptions(options, issuer);
  const { audience } = options.signer;
  const secrets = new Map(
    options.machineClients.map((c) => [c.clientId, randomBytes(32).toString('base64url')]),
  );
  // Each public client's redirect URIs' origins: the browser origins that may call the token endpoint.
  const origins = new Map(
    options.publicClients.map((c) => [c.clientId, new Set(c.redirectUris.map((uri) => new URL(uri).origin))]),
  );
  const clients: ClientMetadata[] = [
    ...options.machineClients.map(
      (c): ClientMetadata => ({
        client_id: c.clientId,
        client_secret: secrets.get(c.clientId) ?? '',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: c.scopes.join(' '),
      }),
    ),
    ...options.publicClients.map(
      (c): ClientMetadata => ({
        client_id: c.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [...c.redirectUris],
        scope: c.scopes.join(' '),
      }),
    ),
  ];
  const ttl = options.accessTokenTtlSeconds ?? 600;
  const resourceServer = {
    // Every scope: what a client may have is its own `scope` (the provider's static scopes are checked
    // against it, so a client asking for another is refused with invalid_scope).
    scope: options.scopes.join(' '),
    audience,
    accessTokenFormat: 'jwt' as const,
    accessTokenTTL: ttl,
    jwt: { sign: { alg: 'ES256' as const } },
  };
  const configuration: Configuration = {
    clients,
    // Its one key is the dev issuer's ES256 key (the default, RS256, has none).
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    jwks: { keys: [options.signer.privateJwk as never] },
    scopes: ['openid', ...options.scopes],
    claims: { openid: ['sub'] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      IdToken: ttl,
      Interaction: 600,
      Grant: 3600,
      Session: 3600,
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin, client) => origins.get(client.clientId)?.has(origin) ?? false,
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      // Userinfo would make an `openid` request without a resource an opaque userinfo token.
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // A request naming no resource is for the services; one naming another is refused (invalid_target).
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, indicator, client) => {
          if (indicator !== audience) throw new errors.InvalidTarget(`the only resource here is ${audience}`);
          // oidc-provider refuses a known scope the client lacks, and drops an unknown one: refuse that too.
          const allowed = new Set(client.scope?.split(' '));
          const asked = String(ctx.oidc.params?.scope ?? '')
            .split(' ')
            .filter(Boolean);
          const refused = asked.find((scope) => !allowed.has(scope));
          if (refused !== undefined) throw new errors.InvalidScope('requested scope is not allowed', refused);
          return resourceServer;
        },
      },
    },
    // Its notices go nowhere: the stack's log is the services'.
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const tokenUrl = `${issuer}/token`;
  return {
    issuer,
    tokenUrl,
    clients: Object.fromEntries(
      options.machineClients.map((c) => [
        c.clientId,
        { tokenUrl, clientId: c.clientId, clientSecret: secrets.get(c.clientId) ?? '' },
      ]),
    ),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Every scope the declared services know: each one's `:read` and `:write`. */
export const catalogueScopes = (catalogue: Catalogue): string[] =>
  catalogue.names.flatMap((name) => [`${name}:read`, `${name}:write`]);

/**
 * The storefront's sign-in, as the fork's identity provider registers it (FORKING.md) and the storefront's
 * /config.json names it: a public client asking for its customer's orders. Registered when both are declared.
 */
export const STOREFRONT_CLIENT = {
  clientId: 'storefront',
  scopes: ['openid', 'orders:read', 'orders:write'],
};

/** A runner's identity: the dev issuer (the banner's token, AUTH_*) and the provider signing with its key. */
export interface CatalogueIdentity {
  readonly signer: DevIssuer;
  readonly provider: LocalIdentity;
}

/**
 * The one way npm start and the rehearsal's smoke run set up tokens: a dev issuer named after a local
 * provider on `port`, which registers every declared oauth-client (client id: the service's name) and, when
 * the storefront and orders are declared, the storefront's public client with `redirectUris`.
 */
export async function startCatalogueIdentity(
  catalogue: Catalogue,
  options: { readonly port: number; readonly redirectUris: readonly string[] },
): Promise<CatalogueIdentity> {
  const signer = await createDevIssuer({ issuer: localIssuerUrl(options.port) });
  const storefront = ['storefront', 'orders'].every((name) => catalogue.names.includes(name));
  const provider = await startLocalIdentity({
    port: options.port,
    signer,
    scopes: catalogueScopes(catalogue),
    machineClients: catalogue.services.flatMap((s) =>
      s.oauthClient ? [{ clientId: s.name, scopes: s.oauthClient.scopes }] : [],
    ),
    publicClients: storefront ? [{ ...STOREFRONT_CLIENT, redirectUris: options.redirectUris }] : [],
  });
  return { signer, provider };
}
