// Bearer-token authentication of the services' HTTP API (RFC 6750 with JWTs verified by `jose`).
// Writes need `<service>:write`; reads are open unless the service protects them with `<service>:read`.
// When no verifier is configured, the API still serves reads and health, and refuses every write with
// 503 `auth_not_configured`: an unconfigured service must never accept writes from anyone.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { HttpError } from './http-error.js';

/** How tokens are checked; parsed from `AUTH_*` by the config (see `serviceEnvSchema`). */
export interface AuthSettings {
  /** Expected `iss` claim (`AUTH_ISSUER`). */
  issuer: string;
  /** Expected `aud` claim (`AUTH_AUDIENCE`). */
  audience: string;
  /** Where the signing keys are published (`AUTH_JWKS_URL`); exclusive with `publicKeyPem`. */
  jwksUrl?: string | undefined;
  /** One PEM SPKI public key (`AUTH_PUBLIC_KEY`); exclusive with `jwksUrl`. */
  publicKeyPem?: string | undefined;
  /** Leeway for `exp`/`nbf`/`iat` (`AUTH_CLOCK_TOLERANCE_SECONDS`). */
  clockToleranceSeconds: number;
}

/** What a verified token grants. */
export interface Principal {
  subject: string | undefined;
  scopes: ReadonlySet<string>;
}

/** Checks a compact JWT; rejects with {@link TokenRejected} or, when keys cannot be fetched, another error. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** The token is not acceptable (signature, expiry, issuer, audience, algorithm, shape). */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned (`none`) token is never accepted. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** The algorithms a single public key can verify, from its type (so a key cannot be used with another alg). */
function algorithmsFor(key: KeyObject): string[] {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curves: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
      const alg = curves[details?.namedCurve ?? ''];
      if (alg) return [alg];
      break;
    }
    case 'ed25519':
      return ['EdDSA'];
  }
  throw new Error(`AUTH_PUBLIC_KEY: unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

/** Parses `AUTH_PUBLIC_KEY` (PEM SPKI); throws naming the variable when it is not a usable public key. */
export function parsePublicKey(pem: string): { key: KeyObject; algorithms: string[] } {
  let key: KeyObject;
  try {
    // Env files often carry the PEM on one line with literal "\n".
    key = createPublicKey(pem.includes('\\n') ? pem.replaceAll('\\n', '\n') : pem);
  } catch {
    throw new Error('AUTH_PUBLIC_KEY: expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  return { key, algorithms: algorithmsFor(key) };
}

/** A verifier for `settings`: a remote JWKS (fetched on demand, cached by `jose`) or one public key. */
export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (settings.jwksUrl) {
    key = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 2000, cooldownDuration: 30_000 });
    algorithms = ASYMMETRIC;
  } else if (settings.publicKeyPem) {
    ({ key, algorithms } = parsePublicKey(settings.publicKeyPem));
  } else {
    throw new Error('auth: either AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required');
  }
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms,
    clockTolerance: settings.clockToleranceSeconds,
    requiredClaims: ['exp'],
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as KeyObject, options);
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      return { subject: payload.sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
    } catch (error) {
      throw rejection(error) ?? error;
    }
  };
}

/** A short, safe reason for a token jose refused; undefined for failures that are not the token's fault. */
function rejection(error: unknown): TokenRejected | undefined {
  if (error instanceof errors.JWTExpired) return new TokenRejected('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new TokenRejected(`The token's ${error.claim} claim is not accepted`);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return new TokenRejected('The token is not signed by a trusted key');
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new TokenRejected('The token is signed with an algorithm that is not accepted');
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return new TokenRejected('The token is malformed');
  // Anything else (JWKS unreachable, timed out, invalid) is ours, not the client's: a 503.
  return undefined;
}

/** Options of {@link requireScopes}. */
export interface AuthPolicy {
  /** Service name: the realm, and the scope prefix (`inventory:write`). */
  service: string;
  /** Verifies bearer tokens; `undefined` when auth is not configured (every write is refused). */
  verifier: TokenVerifier | undefined;
  /** Reads need `<service>:read` too (`AUTH_READ_SCOPE=true`). @defaultValue false */
  protectReads?: boolean;
}

/** What a service's `createApp` takes: the policy without the name, which the service supplies. */
export type ServiceAuth = Omit<AuthPolicy, 'service'>;

/**
 * A service's token checks from its config (`AUTH_*`, `AUTH_READ_SCOPE`). Without `AUTH_*` it warns once:
 * the service then refuses every write (503 `auth_not_configured`).
 */
export function serviceAuth(
  config: { auth: AuthSettings | undefined; protectReads: boolean },
  logger: { warn: (message: string) => void },
): ServiceAuth {
  if (!config.auth) logger.warn('AUTH_* not set: every write is refused (503 auth_not_configured)');
  return {
    verifier: config.auth && createTokenVerifier(config.auth),
    protectReads: config.protectReads,
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who the request's verified token speaks for (set by {@link requireScopes}); undefined on a route it
 * left open (a read without `protectReads`).
 */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}
const bearer = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Express middleware for the service's API routes: 401 with `WWW-Authenticate` for a missing or bad
 * token, 403 `insufficient_scope` for a token without the scope, 503 when the keys cannot be fetched.
 */
export function requireScopes(policy: AuthPolicy): RequestHandler {
  const realm = `realm="${policy.service}"`;
  const challenge = (error?: string, description?: string, scope?: string) =>
    [
      `Bearer ${realm}`,
      ...(error ? [`error="${error}"`] : []),
      ...(description ? [`error_description="${description}"`] : []),
      ...(scope ? [`scope="${scope}"`] : []),
    ].join(', ');
  return async (req, res, next) => {
    const reading = READ_METHODS.has(req.method);
    if (reading && !policy.protectReads) return next();
    const scope = `${policy.service}:${reading ? 'read' : 'write'}`;
    if (!policy.verifier) {
      throw new HttpError(
        503,
        'auth_not_configured',
        'Writes are disabled: authentication is not configured on this service',
      );
    }
    const header = req.get('authorization');
    // An empty header carries no credentials, like a missing one.
    if (!header) {
      throw new HttpError(401, 'unauthorized', `A bearer token with scope ${scope} is required`, undefined, {
        headers: { 'www-authenticate': challenge() },
      });
    }
    const token = bearer.exec(header)?.[1];
    if (token === undefined) {
      throw new HttpError(401, 'unauthorized', 'Authorization must be "Bearer <token>"', undefined, {
        headers: { 'www-authenticate': challenge('invalid_request', 'Authorization must be Bearer') },
      });
    }
    let principal: Principal;
    try {
      principal = await policy.verifier(token);
    } catch (error) {
      if (!(error instanceof TokenRejected)) {
        throw new HttpError(503, 'auth_unavailable', 'The token cannot be verified right now', undefined, {
          headers: { 'retry-after': '5' },
          cause: error,
        });
      }
      throw new HttpError(401, 'unauthorized', error.message, undefined, {
        headers: { 'www-authenticate': challenge('invalid_token', error.message) },
      });
    }
    if (!principal.scopes.has(scope)) {
      throw new HttpError(403, 'forbidden', `The token lacks the scope ${scope}`, undefined, {
        headers: { 'www-authenticate': challenge('insufficient_scope', `Scope ${scope} is required`, scope) },
      });
    }
    res.locals.principal = principal;
    next();
  };
}
