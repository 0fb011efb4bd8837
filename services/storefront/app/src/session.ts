// Who is signed in: the access token (and when it expires) in this tab's sessionStorage, never in a
// cookie or localStorage, gone with the tab. The sign-in itself (oidc.ts, oauth4webapi) loads only when a
// person signs in or comes back from the identity provider, so the first paint never waits for it.
import { api } from './api.js';

/** GET /config.json: what the storefront's server says about sign-in (its AUTH_ISSUER and AUTH_AUDIENCE). */
export interface SignInConfig {
  issuer: string;
  clientId: string;
  /** The APIs' audience: sent as `resource` so the access token is for them. */
  audience: string;
  scope: string;
}

export interface Session {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The ID token's `sub`: the name the person signed in with. */
  subject: string | undefined;
}

const SESSION_KEY = 'storefront.session';

export const loadSignInConfig = (): Promise<SignInConfig> => api<SignInConfig>('/config.json');

/** The session of this tab, unless it has expired (then it is dropped). */
export function currentSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (session && typeof session.accessToken === 'string' && session.expiresAt > Date.now()) return session;
  } catch {
    // An unreadable entry is no session.
  }
  sessionStorage.removeItem(SESSION_KEY);
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The identity provider sends the person back here, to the page itself, with `code` and `state`. */
export const redirectUri = (): string => `${location.origin}/`;

/** This URL is the identity provider's answer (success or error) to a sign-in the page started. */
export const isSignInCallback = (url: URL): boolean =>
  url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));

/** Leaves for the identity provider's sign-in page (authorization code + PKCE). */
export async function startSignIn(config: SignInConfig): Promise<void> {
  const { authorizationUrl, signInErrorText } = await import('./oidc.js');
  let url: string;
  try {
    url = await authorizationUrl(config, redirectUri());
  } catch (error) {
    throw new Error(`${config.issuer} cannot sign you in now: ${signInErrorText(error)}`);
  }
  location.assign(url);
}

/** Completes a sign-in from the provider's answer in `url`; the session is saved and returned. */
export async function finishSignIn(config: SignInConfig, url: URL): Promise<Session> {
  const { exchangeCode, signInErrorText } = await import('./oidc.js');
  try {
    const session = await exchangeCode(config, url, redirectUri());
    saveSession(session);
    return session;
  } catch (error) {
    throw new Error(signInErrorText(error));
  }
}
