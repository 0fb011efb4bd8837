// A local token issuer for `npm start`, the demo, tests and benches: a fresh ES256 key pair whose
// public half the services receive as AUTH_PUBLIC_KEY, and really signed tokens. The local identity
// provider (scripts/stack/identity.ts) signs with the same private key (`privateJwk`), under the same
// issuer, so a service trusts both. Never used in production code paths (the services only verify).
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';

/** Every scope the services know. */
export const ALL_SCOPES = ['inventory:read', 'inventory:write', 'pricing:read', 'pricing:write'] as const;

/** Claims of a token from {@link DevIssuer.sign}; any field may be overridden to make a bad token. */
export interface DevTokenOptions {
  /** @defaultValue {@link ALL_SCOPES} */
  scopes?: readonly string[];
  /** Seconds until `exp`; negative for an expired token. @defaultValue 86400 (24 h) */
  ttlSeconds?: number;
  /** @defaultValue `'dev'` */
  subject?: string;
  /** @defaultValue the issuer's own */
  issuer?: string;
  /** @defaultValue the issuer's own */
  audience?: string;
}

/** A key pair and the settings a service needs to trust it. */
export interface DevIssuer {
  issuer: string;
  audience: string;
  /** PEM SPKI, for AUTH_PUBLIC_KEY. */
  publicKeyPem: string;
  /** The private key as a JWK (`kid` its thumbprint, `alg` ES256, `use` sig): for a local identity provider only. */
  privateJwk: JWK;
  /** AUTH_ISSUER, AUTH_AUDIENCE, AUTH_PUBLIC_KEY for a service that should trust this issuer. */
  env: Record<'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_PUBLIC_KEY', string>;
  /** A compact JWS signed with the private key. */
  sign: (options?: DevTokenOptions) => Promise<string>;
}

/** Generates a key pair and returns an issuer for it. */
export async function createDevIssuer(
  options: { issuer?: string; audience?: string } = {},
): Promise<DevIssuer> {
  const issuer = options.issuer ?? 'urn:delivery-platform:dev-issuer';
  const audience = options.audience ?? 'urn:delivery-platform:services';
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicKeyPem = await exportSPKI(publicKey);
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk: JWK = { ...jwk, kid, alg: 'ES256', use: 'sig' };
  return {
    issuer,
    audience,
    publicKeyPem,
    privateJwk,
    env: { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_PUBLIC_KEY: publicKeyPem },
    sign: (token = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ scope: (token.scopes ?? ALL_SCOPES).join(' ') })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
        .setIssuer(token.issuer ?? issuer)
        .setAudience(token.audience ?? audience)
        .setSubject(token.subject ?? 'dev')
        .setIssuedAt(now)
        .setExpirationTime(now + (token.ttlSeconds ?? 86_400))
        .sign(privateKey);
    },
  };
}
