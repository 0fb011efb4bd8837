// Bearer-token checks with really signed tokens: a JWKS served over loopback and a PEM public key,
// through createHttpApp as the services use it. Every refusal is a 401/403/503 with the right
// WWW-Authenticate, never a 500 or a stack trace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { createTokenVerifier } from '../src/auth.js';
import { type ConfigError, loadConfig, serviceConfig, serviceEnvSchema } from '../src/config.js';
import { createHttpApp } from '../src/http.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { bearer, createDevIssuer, type DevIssuer, trust } from '../test-support/auth.js';

const logger = createLogger({ name: 'auth-test', level: 'silent' });
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'inventory-api';

function appWith(auth: Parameters<typeof createHttpApp>[0]['auth']): Express {
  return createHttpApp({
    logger,
    metrics: new Metrics({ defaultMetrics: false }),
    readiness: {},
    auth,
    routes: (r) => {
      r.get('/v1/things', (_req, res) => {
        res.json({ read: true });
      });
      r.put('/v1/things/:id', (req, res) => {
        res.json({ wrote: req.params.id });
      });
    },
  });
}

/** A JWKS endpoint on loopback, as an identity provider publishes one. */
let jwksServer: Server;
let jwksUrl: string;
let jwksRequests = 0;
let trusted: Awaited<ReturnType<typeof generateKeyPair>>;
let untrusted: Awaited<ReturnType<typeof generateKeyPair>>;

const sign = (
  key: typeof trusted.privateKey,
  claims: { scope?: string; iss?: string; aud?: string; exp?: number; kid?: string } = {},
) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: claims.scope ?? 'inventory:write inventory:read' })
    .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? 'trusted' })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 600)
    .sign(key);
};

beforeAll(async () => {
  trusted = await generateKeyPair('ES256', { extractable: true });
  untrusted = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'trusted', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((_req, res) => {
    jwksRequests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));

describe('bearer tokens against a JWKS', () => {
  let app: Express;
  beforeAll(() => {
    app = appWith({
      service: 'inventory',
      verifier: createTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl,
        clockToleranceSeconds: 30,
      }),
    });
  });

  it('accepts a token signed by a key of the JWKS with the write scope', async () => {
    const res = await request(app)
      .put('/v1/things/1')
      .set(bearer(await sign(trusted.privateKey)))
      .send({});
    expect([res.status, res.body]).toEqual([200, { wrote: '1' }]);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('leaves reads open by default', async () => {
    expect((await request(app).get('/v1/things')).status).toBe(200);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['expired (beyond the 30 s tolerance)', () => sign(trusted.privateKey, { exp: now() - 120 }), /expired/],
    ['from another issuer', () => sign(trusted.privateKey, { iss: 'https://evil.test' }), /iss/],
    ['for another audience', () => sign(trusted.privateKey, { aud: 'pricing-api' }), /aud/],
    [
      'signed by a key not in the JWKS (same kid)',
      () => sign(untrusted.privateKey),
      /not signed by a trusted key/,
    ],
    [
      'signed by a key not in the JWKS (unknown kid)',
      () => sign(untrusted.privateKey, { kid: 'other' }),
      /not signed by a trusted key/,
    ],
    [
      'unsigned (alg: none)',
      async () =>
        new UnsecuredJWT({ scope: 'inventory:write' }).setIssuer(ISSUER).setAudience(AUDIENCE).encode(),
      /algorithm|malformed/,
    ],
    ['not a JWT at all', async () => 'abc.def.ghi', /malformed|algorithm/],
  ])('refuses a token %s with 401 and WWW-Authenticate invalid_token', async (_name, make, reason) => {
    const res = await request(app)
      .put('/v1/things/1')
      .set(bearer(await make()))
      .send({});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(res.body.error.message).toMatch(reason);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="inventory", error="invalid_token"/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('accepts a token expired within the clock tolerance', async () => {
    const res = await request(app)
      .put('/v1/things/1')
      .set(bearer(await sign(trusted.privateKey, { exp: now() - 5 })))
      .send({});
    expect(res.status).toBe(200);
  });

  it('answers 401 with a bare challenge without a token, and for a non-Bearer scheme', async () => {
    const none = await request(app).put('/v1/things/1').send({});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="inventory"');
    const basic = await request(app).put('/v1/things/1').set('authorization', 'Basic dTpw').send({});
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).toMatch(/error="invalid_request"/);
  });

  it('answers 403 insufficient_scope for a valid token without the write scope', async () => {
    const res = await request(app)
      .put('/v1/things/1')
      .set(bearer(await sign(trusted.privateKey, { scope: 'inventory:read pricing:write' })))
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="inventory", error="insufficient_scope", error_description="Scope inventory:write is required", scope="inventory:write"',
    );
  });

  it('answers 503 (not 401, not 500) when the JWKS cannot be fetched', async () => {
    const down = appWith({
      service: 'inventory',
      verifier: createTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: 'http://127.0.0.1:9/jwks.json',
        clockToleranceSeconds: 30,
      }),
    });
    const res = await request(down)
      .put('/v1/things/1')
      .set(bearer(await sign(trusted.privateKey)))
      .send({});
    expect([res.status, res.body.error.code]).toEqual([503, 'auth_unavailable']);
  });
});

describe('bearer tokens against a PEM public key', () => {
  let issuer: DevIssuer;
  beforeAll(async () => {
    issuer = await createDevIssuer();
  });

  it('protects reads too with AUTH_READ_SCOPE: read scope needed, write scope not enough', async () => {
    const app = appWith({ service: 'pricing', ...trust(issuer, true) });
    expect((await request(app).get('/v1/things')).status).toBe(401);
    const writer = await issuer.sign({ scopes: ['pricing:write'] });
    expect((await request(app).get('/v1/things').set(bearer(writer))).status).toBe(403);
    const reader = await issuer.sign({ scopes: ['pricing:read'] });
    expect((await request(app).get('/v1/things').set(bearer(reader))).status).toBe(200);
    // Health, readiness and metrics stay open for probes and scrapers.
    for (const path of ['/health', '/ready', '/metrics'])
      expect([path, (await request(app).get(path)).status]).toEqual([path, 200]);
  });

  it("refuses another issuer's key and an HS256 token made with the public key as secret", async () => {
    const app = appWith({ service: 'pricing', ...trust(issuer) });
    const other = await createDevIssuer({ issuer: issuer.issuer, audience: issuer.audience });
    const foreign = await other.sign({ scopes: ['pricing:write'] });
    expect((await request(app).put('/v1/things/1').set(bearer(foreign)).send({})).status).toBe(401);
    // The classic key-confusion attack: the public key used as an HMAC secret.
    const confused = await new SignJWT({ scope: 'pricing:write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(issuer.publicKeyPem));
    expect((await request(app).put('/v1/things/1').set(bearer(confused)).send({})).status).toBe(401);
  });

  it('without a verifier (auth not configured) refuses every write with 503 and serves reads', async () => {
    const app = appWith({ service: 'pricing', verifier: undefined });
    const res = await request(app)
      .put('/v1/things/1')
      .set(bearer(await issuer.sign()))
      .send({});
    expect([res.status, res.body.error.code]).toEqual([503, 'auth_not_configured']);
    expect((await request(app).get('/v1/things')).status).toBe(200);
  });
});

describe('AUTH_* configuration', () => {
  const schema = serviceEnvSchema(8080, {});
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(schema, env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('is all or nothing: issuer, audience and exactly one key source', async () => {
    const { publicKeyPem } = await createDevIssuer();
    expect(problems({ AUTH_ISSUER: 'i' })).toEqual([
      'AUTH_AUDIENCE: is required when AUTH_ISSUER is set',
      'AUTH_PUBLIC_KEY: set exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEY',
    ]);
    expect(
      problems({
        AUTH_ISSUER: 'i',
        AUTH_AUDIENCE: 'a',
        AUTH_JWKS_URL: 'https://x/j',
        AUTH_PUBLIC_KEY: publicKeyPem,
      }),
    ).toEqual(['AUTH_JWKS_URL: set exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEY']);
    expect(problems({ AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', AUTH_PUBLIC_KEY: 'not a key' })).toEqual([
      'AUTH_PUBLIC_KEY: expected a PEM SPKI public key (RSA, EC P-256/384/521 or Ed25519)',
    ]);
    expect(problems({ AUTH_READ_SCOPE: 'true' })).toEqual([
      'AUTH_READ_SCOPE: needs AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_PUBLIC_KEY',
    ]);
    expect(problems({ AUTH_CLOCK_TOLERANCE_SECONDS: '3600' })).toEqual([
      'AUTH_CLOCK_TOLERANCE_SECONDS: expected an integer between 0 and 300',
    ]);
  });

  it('maps a complete group (a one-line PEM with \\n escapes too) and no group to undefined', async () => {
    const { publicKeyPem } = await createDevIssuer();
    const oneLine = publicKeyPem.replaceAll('\n', '\\n');
    const config = serviceConfig(
      loadConfig(schema, { AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', AUTH_PUBLIC_KEY: oneLine }),
    );
    expect(config.auth).toMatchObject({ issuer: 'i', audience: 'a', clockToleranceSeconds: 30 });
    expect(serviceConfig(loadConfig(schema, {})).auth).toBeUndefined();
  });
});
