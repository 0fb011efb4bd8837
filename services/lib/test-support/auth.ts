// (tests and benches only) Really signed tokens for the services under test: a dev issuer whose key the
// service trusts through AUTH_PUBLIC_KEY, and the header to send.
import { createTokenVerifier, type ServiceAuth } from '../src/auth.js';
import { createDevIssuer, type DevIssuer } from '../src/dev-auth.js';

export { createDevIssuer, type DevIssuer };

/** `Authorization: Bearer <token>`. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** What an app built with `createApp` needs to trust `issuer` (30 s clock tolerance, as the default). */
export function trust(issuer: DevIssuer, protectReads = false): ServiceAuth {
  return {
    verifier: createTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      publicKeyPem: issuer.publicKeyPem,
      clockToleranceSeconds: 30,
    }),
    protectReads,
  };
}
