// npm start's entrypoint: one local origin that routes each request by path prefix to the service that
// declares it (score.yaml `metadata.x-routes`), as the dev Ingress does in the cluster: the same route list
// (scripts/gitops/derive/ingress.ts `routes`, longest prefix first) and Kubernetes' `Prefix` matching (by
// whole path segments: /v1/prices matches /v1/prices and /v1/prices/A-1, not /v1/pricesX). The page and
// its APIs then share one origin, so the storefront needs no CORS. Proxied with http-proxy-3 (hop-by-hop
// headers, X-Forwarded-*, aborts); a request no prefix matches, or a service not answering, gets the
// platform's error shape.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { routes as declaredRoutes } from '../gitops/derive/ingress.js';

export interface EntrypointRoute {
  /** The declared path prefix: `/v1/skus`, or `/` for everything else. */
  readonly path: string;
  readonly service: string;
  /** Where the service listens: `http://127.0.0.1:8080`. */
  readonly target: string;
}

/** Every declared route with its service's local URL, longest prefix first (the Ingress's order). */
export function entrypointRoutes(
  catalogue: Catalogue,
  urlOf: (service: string) => string,
): EntrypointRoute[] {
  return declaredRoutes(catalogue).map(({ path, service }) => ({ path, service, target: urlOf(service) }));
}

/** Kubernetes `pathType: Prefix`: the prefix's segments are the path's first segments. */
export const matchesPrefix = (prefix: string, path: string): boolean =>
  prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);

/** The route a request path goes to: the first (longest) matching prefix. */
export function routeOf(routes: readonly EntrypointRoute[], url: string): EntrypointRoute | undefined {
  const path = url.split('?')[0] ?? '/';
  return routes.find((route) => matchesPrefix(route.path, path));
}

export interface RunningEntrypoint {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  readonly routes: readonly EntrypointRoute[];
  stop(): Promise<void>;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}

export async function startEntrypoint(options: {
  routes: readonly EntrypointRoute[];
  port: number;
  host?: string;
}): Promise<RunningEntrypoint> {
  const proxy = createProxyServer({ xfwd: true });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routeOf(options.routes, req.url ?? '/');
    if (!route) {
      sendError(res, 404, 'not_found', `No route for ${req.method} ${req.url?.split('?')[0]}`);
      return;
    }
    proxy.web(req, res, { target: route.target }, (error) => {
      sendError(res, 502, 'bad_gateway', `${route.service} is not answering (${(error as Error).message})`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/`,
    port,
    routes: options.routes,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
