// The local OpenID Provider over real HTTP: a browser's authorization code flow with PKCE, driven through
// oidc-provider's development sign-in form with fetch and a cookie jar, ends with a JWT access token the
// services' own verifier accepts, whose `sub` is the login name; CORS answers only the public client's
// origins; a request for another resource, a wrong redirect URI or no PKCE is refused. (The client
// credentials grant is services/lib/test/client-credentials.test.ts's.)
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { createTokenVerifier } from '../../../services/lib/src/auth.js';
import { createDevIssuer, type DevIssuer } from '../../../services/lib/src/dev-auth.js';
import { freePort } from '../../../services/lib/test-support/processes.js';
import { type LocalIdentity, localIssuerUrl, startLocalIdentity } from '../identity.js';

const ORIGIN = 'http://127.0.0.1:8000';
const REDIRECT = `${ORIGIN}/`;
const SCOPE = 'openid orders:read orders:write';

let identity: LocalIdentity;
let signer: DevIssuer;

beforeAll(async () => {
  const port = await freePort();
  signer = await createDevIssuer({ issuer: localIssuerUrl(port) });
  identity = await startLocalIdentity({
    port,
    signer,
    scopes: ['inventory:read', 'inventory:write', 'orders:read', 'orders:write'],
    machineClients: [{ clientId: 'orders', scopes: ['inventory:write'] }],
    publicClients: [
      {
        clientId: 'storefront',
        redirectUris: [REDIRECT, 'http://localhost:8000/'],
        scopes: SCOPE.split(' '),
      },
    ],
  });
});
afterAll(() => identity.stop());

/** Cookies by name, as a browser keeps them for this one host. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Follows redirects inside the provider by hand (cookies on each hop) until it leaves for `REDIRECT` or shows a page. */
async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  let response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: jar.header() },
  });
  jar.take(response);
  for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops++) {
    const next = new URL(response.headers.get('location') ?? '', url).href;
    if (next.startsWith(REDIRECT)) return response;
    response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    url = next;
  }
  return response;
}

/** The form of a development interaction page: where it posts. */
function formAction(html: string, page: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page:\n${html.slice(0, 500)}`);
  return new URL(action.replaceAll('&amp;', '&'), page).href;
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(`${identity.issuer}/auth`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/** Signs `login` in and consents, as the storefront's browser would; returns the redirect with the code. */
async function signIn(login: string, challenge: string, state: string): Promise<URL> {
  const jar = new CookieJar();
  const start = authorizeUrl({
    client_id: 'storefront',
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: SCOPE,
    resource: signer.audience,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  let page = await follow(jar, start);
  expect(page.status).toBe(200);
  let html = await page.text();
  expect(html).toContain('name="login"');
  let action = formAction(html, page.url || start);
  page = await follow(jar, action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
  });
  // The consent page (scopes for the resource), then back to the storefront.
  if (page.status === 200) {
    html = await page.text();
    action = formAction(html, action);
    page = await follow(jar, action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'consent' }).toString(),
    });
  }
  expect(page.status).toBe(303);
  return new URL(page.headers.get('location') ?? '');
}

function exchange(code: string, verifier: string, origin = ORIGIN): Promise<Response> {
  return fetch(`${identity.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'storefront',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }).toString(),
  });
}

describe('the local identity provider', () => {
  it('publishes its discovery document, token endpoint and the dev issuer key', async () => {
    // The storefront's browser discovers it (CORS), as its /config.json's issuer says.
    const response = await fetch(`${identity.issuer}/.well-known/openid-configuration`, {
      headers: { origin: ORIGIN },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: identity.issuer,
      token_endpoint: identity.tokenUrl,
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials']),
    );
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual([signer.privateJwk.kid]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('code + PKCE: the login name becomes the access token subject, and the services accept the token', async () => {
    const { verifier, challenge } = pkce();
    const back = await signIn('alice@example.com', challenge, 'state-1');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(back.searchParams.get('iss')).toBe(identity.issuer);
    const code = back.searchParams.get('code') ?? '';
    const response = await exchange(code, verifier);
    expect(response.status).toBe(200);
    // The browser may read it: CORS for the storefront's origin.
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = (await response.json()) as Record<string, string>;
    expect(body.token_type).toBe('Bearer');
    const verify = createTokenVerifier({
      issuer: signer.issuer,
      audience: signer.audience,
      publicKeyPem: signer.publicKeyPem,
      clockToleranceSeconds: 0,
    });
    const principal = await verify(body.access_token ?? '');
    expect(principal.subject).toBe('alice@example.com');
    expect([...principal.scopes].sort()).toEqual(['orders:read', 'orders:write']);
    expect(decodeJwt(body.access_token ?? '')).toMatchObject({
      aud: signer.audience,
      client_id: 'storefront',
    });
    expect(decodeJwt(body.id_token ?? '')).toMatchObject({ sub: 'alice@example.com', aud: 'storefront' });
    // A code is good once.
    expect((await exchange(code, verifier)).status).toBe(400);
  });

  it('refuses a wrong code verifier, and answers no CORS to another origin', async () => {
    const { challenge } = pkce();
    const back = await signIn('bob', challenge, 'state-2');
    const code = back.searchParams.get('code') ?? '';
    const elsewhere = await exchange(code, pkce().verifier, 'http://evil.example');
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ error: 'invalid_request' });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE, to another redirect URI, or for another resource', async () => {
    const base = {
      client_id: 'storefront',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: SCOPE,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    };
    const outcome = async (params: Record<string, string>) => {
      const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
      const location = response.headers.get('location');
      if (location) return new URL(location).searchParams.get('error');
      return ((await response.json()) as { error: string }).error;
    };
    const { code_challenge: _c, code_challenge_method: _m, ...withoutPkce } = base;
    expect(await outcome(withoutPkce)).toBe('invalid_request');
    expect(await outcome({ ...base, redirect_uri: 'http://127.0.0.1:9999/' })).toBe('invalid_redirect_uri');
    expect(await outcome({ ...base, resource: 'https://elsewhere.example/' })).toBe('invalid_target');
  });

  it('refuses a signer whose issuer is not its URL', async () => {
    const other = await createDevIssuer();
    await expect(
      startLocalIdentity({ port: 1, signer: other, scopes: [], machineClients: [], publicClients: [] }),
    ).rejects.toThrow(`the signer's issuer is ${other.issuer}, but this provider's is http://127.0.0.1:1`);
  });
});
