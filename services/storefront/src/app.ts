// The HTTP API of storefront on the services' common plumbing (services/lib/src/http.ts): /health, /ready,
// /metrics, correlation ids, the error shape, bearer tokens for writes; its own routes in routes.ts.
import type { Express } from 'express';
import type { ServiceAuth } from '../../lib/src/auth.js';
import { createHttpApp } from '../../lib/src/http.js';
import type { Logger } from '../../lib/src/logger.js';
import { Metrics } from '../../lib/src/metrics.js';
import type { SignInConfig } from './config.js';
import { storefrontRoutes } from './routes.js';

/** Dependencies of {@link createApp}. */
export interface AppDeps {
  /** The folder of the built front end. */
  publicDir: string;
  /** What `GET /config.json` answers; undefined: 503 (the page then says sign-in is unavailable). */
  signIn: SignInConfig | undefined;
  logger: Logger;
  /** Bearer-token checks of the API (writes need `storefront:write`); no verifier: writes are refused. */
  auth: ServiceAuth;
  /** @defaultValue a fresh registry with Node process metrics */
  metrics?: Metrics;
}

export function createApp(deps: AppDeps): Express {
  return createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics ?? new Metrics({ defaultLabels: { service: 'storefront' } }),
    readiness: {},
    auth: { service: 'storefront', ...deps.auth },
    routes: storefrontRoutes(deps),
  });
}
