// The routes of storefront (the common plumbing comes from services/lib's createHttpApp).
import express, { type Router } from 'express';
import type { AppDeps } from './app.js';

/** What the routes use of {@link AppDeps}. */
export interface RouteDeps {
  publicDir: AppDeps['publicDir'];
}

export function storefrontRoutes(deps: RouteDeps) {
  return (router: Router): void => {
    // The built front end: public/ (its index.html at /); anything else is the common 404.
    router.use(express.static(deps.publicDir, { index: 'index.html', redirect: false }));
  };
}
