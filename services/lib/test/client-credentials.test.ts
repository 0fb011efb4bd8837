// The client credentials token client against a real authorization server (the stack's oidc-provider, over
// HTTP): the token it gets verifies with the services' verifier and carries the client as `sub`, its scope
// and the audience; it is reused until shortly before it expires, one request serves concurrent callers;
// a bad secret and an undeclared scope are the OAuth errors, named without the secret.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { type LocalIdentity, localIssuerUrl, startLocalIdentity } from '../../../scripts/stack/identity.js';
import { createTokenVerifier } from '../src/auth.js';
import {
  type ClientCredentialsOptions,
  clientCredentials,
  TokenRequestError,
} from '../src/client-credentials.js';
import { createDevIssuer, type DevIssuer } from '../src/dev-auth.js';
import { freePort } from '../test-support/processes.js';

const TTL = 120;
let identity: LocalIdentity;
let signer: DevIssuer;
let orders: ClientCredentialsOptions;

beforeAll(async () => {
  const port = await freePort();
  signer = await createDevIssuer({ issuer: localIssuerUrl(port) });
  identity = await startLocalIdentity({
    port,
    signer,
    scopes: ['inventory:read', 'inventory:write', 'pricing:read', 'pricing:write'],
    machineClients: [{ clientId: 'orders', scopes: ['inventory:write', 'pricing:read'] }],
    publicClients: [],
    accessTokenTtlSeconds: TTL,
  });
  const credentials = identity.clients.orders;
  if (!credentials) throw new Error('orders is not registered');
  orders = { ...credentials, scopes: ['inventory:write'], resource: signer.audience };
});
afterAll(() => identity.stop());

async function refusal(options: ClientCredentialsOptions): Promise<TokenRequestError> {
  try {
    await clientCredentials(options).token();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRequestError);
    return error as TokenRequestError;
  }
  throw new Error('a token was issued');
}

describe('clientCredentials', () => {
  it('gets a JWT the services accept, for the client, with the scope and the audience', async () => {
    const token = await clientCredentials(orders).token();
    const verify = createTokenVerifier({
      issuer: signer.issuer,
      audience: signer.audience,
      publicKeyPem: signer.publicKeyPem,
      clockToleranceSeconds: 0,
    });
    const principal = await verify(token);
    expect(principal.subject).toBe('orders');
    expect([...principal.scopes]).toEqual(['inventory:write']);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: identity.issuer, aud: signer.audience, client_id: 'orders' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(TTL);
  });

  it('reuses the token until shortly before it expires, and one request serves callers at once', async () => {
    let clock = Date.now();
    const client = clientCredentials({ ...orders, refreshBeforeSeconds: 30, now: () => clock });
    const together = await Promise.all([client.token(), client.token(), client.token()]);
    // Each issued token is unique (its jti): equal tokens are one request.
    expect(new Set(together).size).toBe(1);
    const [first] = together;
    clock += (TTL - 31) * 1000;
    expect(await client.token()).toBe(first);
    clock += 2000;
    const renewed = await client.token();
    expect(renewed).not.toBe(first);
    expect(await client.authorization()).toBe(`Bearer ${renewed}`);
    client.invalidate();
    expect(await client.token()).not.toBe(renewed);
  });

  it('asks again after a failure instead of keeping it', async () => {
    const client = clientCredentials({ ...orders, clientSecret: 'wrong' });
    await expect(client.token()).rejects.toThrow(TokenRequestError);
    await expect(client.token()).rejects.toThrow(TokenRequestError);
  });

  it('a bad secret is invalid_client, and the message names neither secret', async () => {
    const error = await refusal({ ...orders, clientSecret: 'not-the-secret' });
    expect(error.oauthError).toBe('invalid_client');
    expect(error.status).toBe(401);
    expect(error.message).toBe(`token request to ${identity.tokenUrl} failed: invalid_client, HTTP 401`);
    expect(error.message).not.toContain('not-the-secret');
    expect(error.message).not.toContain(orders.clientSecret);
  });

  it('a scope the client was not given is invalid_scope, known or not', async () => {
    for (const scope of ['pricing:write', 'billing:write']) {
      const error = await refusal({ ...orders, scopes: [scope] });
      expect([scope, error.oauthError, error.status]).toEqual([scope, 'invalid_scope', 400]);
    }
  });

  it('another resource is invalid_target', async () => {
    const error = await refusal({ ...orders, resource: 'https://elsewhere.example/' });
    expect(error.oauthError).toBe('invalid_target');
  });

  it('an endpoint that does not answer is named, and refused plain http off loopback', async () => {
    const port = await freePort();
    const error = await refusal({ ...orders, tokenUrl: `http://127.0.0.1:${port}/token`, timeoutMs: 1000 });
    expect(error.message).toMatch(
      new RegExp(`^token request to http://127\\.0\\.0\\.1:${port}/token failed: `),
    );
    expect(error.message).not.toContain(orders.clientSecret);
    expect(() => clientCredentials({ ...orders, tokenUrl: 'http://auth.example.com/oauth/token' })).toThrow(
      'token endpoint http://auth.example.com/oauth/token: expected https (http only on a loopback address)',
    );
    expect(() => clientCredentials({ ...orders, scopes: [] })).toThrow('expected at least one scope');
  });
});
