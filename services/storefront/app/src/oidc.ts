// OpenID Connect authorization code flow with PKCE against the issuer of /config.json, with panva's
// oauth4webapi (discovery, PKCE, state, the code exchange and the ID token's checks): a public client,
// no secret. The `resource` parameter (RFC 8707) asks for an access token whose audience is the APIs'.
import * as oauth from 'oauth4webapi';
import type { Session, SignInConfig } from './session.js';

/** What the page keeps across the redirect: the PKCE verifier and state of the sign-in it started. */
interface PendingSignIn {
  issuer: string;
  state: string;
  codeVerifier: string;
}

const PENDING_KEY = 'storefront.signin';

/** Plain http only for a provider on this machine (`npm start`'s); anywhere else it must be https. */
function httpOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(config: SignInConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  const response = await oauth.discoveryRequest(issuer, httpOptions(issuer));
  return oauth.processDiscoveryResponse(issuer, response);
}

export async function authorizationUrl(config: SignInConfig, redirectUri: string): Promise<string> {
  const as = await discover(config);
  if (!as.authorization_endpoint) throw new Error(`${config.issuer} has no authorization endpoint`);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const pending: PendingSignIn = { issuer: config.issuer, state: oauth.generateRandomState(), codeVerifier };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: config.scope,
    resource: config.audience,
    state: pending.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

export async function exchangeCode(config: SignInConfig, url: URL, redirectUri: string): Promise<Session> {
  const saved = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = saved === null ? undefined : (JSON.parse(saved) as PendingSignIn);
  if (pending?.issuer !== config.issuer) throw new Error('this tab started no sign-in; sign in again');
  const as = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  // Throws on the provider's error answer (access_denied…) and on a state that is not ours.
  const parameters = oauth.validateAuthResponse(as, client, url, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    parameters,
    redirectUri,
    pending.codeVerifier,
    { additionalParameters: { resource: config.audience }, ...httpOptions(new URL(config.issuer)) },
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  return {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + (tokens.expires_in ?? 300) * 1000,
    subject: oauth.getValidatedIdTokenClaims(tokens)?.sub,
  };
}

/** A sign-in failure in words for the person: the provider's description when it gave one. */
export function signInErrorText(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError) return error.error_description ?? error.error;
  if (error instanceof oauth.ResponseBodyError) return error.error_description ?? error.error;
  return error instanceof Error ? error.message : String(error);
}
