// The routes of storefront (the common plumbing comes from services/lib's createHttpApp): the page's
// sign-in settings and the built front end.
import { sep } from 'node:path';
import express, { type Response, type Router } from 'express';
import { HttpError } from '../../lib/src/http-error.js';
import type { AppDeps } from './app.js';

/** What the routes use of {@link AppDeps}. */
export interface RouteDeps {
  publicDir: AppDeps['publicDir'];
  signIn: AppDeps['signIn'];
}

/**
 * The page's Content-Security-Policy: its own scripts and styles only, and requests to this origin (the
 * APIs behind the entrypoint) and the identity provider (discovery and the token exchange).
 */
export function contentSecurityPolicy(issuer: string | undefined): string {
  const provider = issuer && URL.canParse(issuer) ? ` ${new URL(issuer).origin}` : '';
  return [
    "default-src 'self'",
    `connect-src 'self'${provider}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function storefrontRoutes(deps: RouteDeps) {
  const policy = contentSecurityPolicy(deps.signIn?.issuer);
  const assets = `${sep}assets${sep}`;
  const headers = (res: Response, path: string) => {
    res.setHeader('x-content-type-options', 'nosniff');
    // Vite names each asset by its content's hash: cached for good. Anything else is checked each time.
    if (path.includes(assets)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    else res.setHeader('cache-control', 'no-cache');
    if (path.endsWith('.html')) {
      res.setHeader('content-security-policy', policy);
      res.setHeader('referrer-policy', 'same-origin');
    }
  };
  return (router: Router): void => {
    router.get('/config.json', (_req, res) => {
      if (!deps.signIn)
        throw new HttpError(
          503,
          'auth_not_configured',
          'Sign-in is not configured here: the storefront has no AUTH_ISSUER and AUTH_AUDIENCE',
        );
      res.setHeader('cache-control', 'no-cache');
      res.json(deps.signIn);
    });
    // The built front end: public/ (its index.html at /); anything else is the common 404.
    router.use(express.static(deps.publicDir, { index: 'index.html', redirect: false, setHeaders: headers }));
  };
}
