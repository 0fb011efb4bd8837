import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { type AuthPolicy, requireScopes } from './auth.js';
import { type ErrorBody, HttpError } from './http-error.js';
import { type Logger, withCorrelationId } from './logger.js';
import type { Metrics } from './metrics.js';
import { type UnavailableReason, unavailableReason } from './unavailable.js';

export { type ErrorBody, HttpError } from './http-error.js';

/** Request and response header carrying the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** A readiness probe: resolves when the dependency is reachable, rejects (with a reason) when not. */
export type ReadinessCheck = () => Promise<unknown>;

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Checks run by `/ready`, by name (e.g. `{database, queue}`); all must pass for 200. */
  readiness: Record<string, ReadinessCheck>;
  /**
   * Bearer-token policy of the service's routes (not of `/health`, `/ready`, `/metrics`); `false` leaves
   * them open (only for tests of this module: a service always passes its policy).
   */
  auth: AuthPolicy | false;
  /** Runs before the service's routes (not `/health`, `/ready`, `/metrics`): e.g. a 503 until the database is set up. */
  beforeRoutes?: RequestHandler;
  /** Mounts the service's routes; runs after the common middleware and before the 404/error handlers. */
  routes: (app: Router) => void;
  /** Largest accepted JSON body (bytes or a string such as `'64kb'`). @defaultValue `'64kb'` */
  bodyLimit?: number | string;
  /** Time a single readiness check may take before it counts as failed. @defaultValue 2000 ms */
  readinessTimeoutMs?: number;
}

const correlationIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The correlation id of a request (set by {@link createHttpApp}'s middleware). */
export function correlationIdOf(res: express.Response): string {
  return String(res.locals.correlationId);
}

/**
 * An Express 5 app with the common service plumbing: correlation id, JSON body parsing with limits,
 * latency histogram, `/health`, `/ready`, `/metrics`, the service's routes, a 404 and an error handler.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
  });

  app.use((req, res, next) => {
    const incoming = req.get(CORRELATION_HEADER);
    const id = incoming !== undefined && correlationIdPattern.test(incoming) ? incoming : randomUUID();
    res.locals.correlationId = id;
    res.setHeader(CORRELATION_HEADER, id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched route pattern keeps label cardinality bounded (never the raw URL).
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const line = { method: req.method, url: req.originalUrl, status: res.statusCode, ms: seconds * 1000 };
      withCorrelationId(id, () =>
        res.statusCode >= 500 ? logger.error(line, 'request failed') : logger.info(line, 'request'),
      );
    });
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await runChecks(options.readiness, options.readinessTimeoutMs ?? 2000, logger);
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.text());
  });

  if (options.beforeRoutes) app.use(options.beforeRoutes);
  // Authentication comes before the body is read: an anonymous client gets a 401, not a parse of its body.
  if (options.auth) app.use(requireScopes(options.auth));
  app.use(requireJsonOnWrites);
  app.use(
    express.json({ limit: options.bodyLimit ?? '64kb', type: ['application/json', 'application/*+json'] }),
  );
  // Stream callbacks of the body parser run outside the request's async context, so the
  // correlation id is entered here, after parsing, for the handlers and everything they await.
  app.use((_req, res, next) => withCorrelationId(correlationIdOf(res), next));

  const router = express.Router();
  options.routes(router);
  app.use(router);

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(logger));
  return app;
}

const requireJsonOnWrites: RequestHandler = (req, _res, next) => {
  // Body-less POSTs (release, commit) are fine; req.is() is null without a body, but counts `content-length: 0` as one.
  const empty = req.headers['content-length'] === '0';
  if (
    ['POST', 'PUT', 'PATCH'].includes(req.method) &&
    !empty &&
    req.is(['application/json', 'application/*+json']) === false
  ) {
    next(new HttpError(415, 'unsupported_media_type', 'Request body must be application/json'));
    return;
  }
  next();
};

/**
 * Runs the readiness checks. A failure's reason (a driver message may name hosts, users, queue URLs)
 * goes to the log; the response carries only a short code: `timeout` or `unavailable`.
 */
async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs: number, logger: Logger) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => {
              timedOut = true;
              reject(new Error(`timed out after ${timeoutMs} ms`));
            }, timeoutMs);
          }),
        ]);
        return [name, { ok: true }] as const;
      } catch (err) {
        const error = timedOut ? 'timeout' : (unavailableReason(err) ?? 'unavailable');
        logger.warn({ err, check: name, reason: error, detail: messageOf(err) }, 'readiness check failed');
        return [name, { ok: false, error }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries) as Record<
    string,
    { ok: boolean; error?: 'timeout' | UnavailableReason }
  >;
}

/** A driver error's message, with the code of a TLS refusal (`SELF_SIGNED_CERT_IN_CHAIN`...) when it has one. */
function messageOf(err: unknown): string {
  const { message, code } = (typeof err === 'object' && err !== null ? err : {}) as {
    message?: unknown;
    code?: unknown;
  };
  if (typeof message !== 'string') return String(err);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/** Maps any thrown error to the `{error: {code, message, field?}}` shape (see {@link toHttpError}). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const httpError = toHttpError(err);
    // An outage is expected and answered (503, retry): one warning per request, not an error with a stack.
    if (httpError.code === 'database_unavailable')
      logger.warn(
        { method: req.method, url: req.originalUrl, detail: messageOf(err) },
        'database unavailable',
      );
    else if (httpError.status >= 500)
      logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    const body: ErrorBody = { error: { code: httpError.code, message: httpError.message } };
    if (httpError.field !== undefined) body.error.field = httpError.field;
    res.status(httpError.status).set(httpError.headers).json(body);
  };
}

/**
 * Converts an error to an {@link HttpError}: zod errors become 400 `invalid_request` naming the first bad
 * field (path joined by '.'); a path that is not valid percent-encoding is 400 naming `path`; body-parser
 * errors keep their meaning (413 too large, 400 invalid JSON, 400 a body that does not decode as its
 * Content-Encoding, 415 an unsupported encoding or charset); any other error carrying a 4xx `status`
 * keeps that status; everything else is a 500 whose message hides internals.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    if (!issue) return new HttpError(400, 'invalid_request', 'Invalid request');
    const path = issue.path.map(String);
    // An unknown key is reported on its parent: name the key itself.
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    const field = path.join('.');
    return new HttpError(
      400,
      'invalid_request',
      field ? `${field}: ${issue.message}` : issue.message,
      field || undefined,
    );
  }
  // Express's router marks a path it cannot percent-decode with status 400 on a URIError.
  if (err instanceof URIError) {
    return new HttpError(400, 'invalid_request', 'path: malformed percent-encoding', 'path');
  }
  // A database restart or failover: the client may retry (with its Idempotency-Key), never a 500.
  const unavailable = unavailableReason(err);
  if (unavailable) {
    return new HttpError(
      503,
      'database_unavailable',
      unavailable === 'tls_rejected'
        ? 'The database is unavailable: its TLS certificate was refused'
        : 'The database is unavailable; retry shortly',
      undefined,
      { headers: { 'Retry-After': '1' }, cause: err },
    );
  }
  const known = err as { type?: unknown; status?: unknown; code?: unknown };
  switch (known.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', 'Request body is too large');
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', 'Unsupported request body encoding');
  }
  // A body that does not decode as its Content-Encoding says: zlib's Z_DATA_ERROR, Z_BUF_ERROR...,
  // brotli's ERR__ERROR_FORMAT_*, raised while body-parser inflates.
  if (typeof known.code === 'string' && /^(Z_|ERR__ERROR|ERR_BROTLI)/.test(known.code)) {
    return new HttpError(400, 'invalid_body', 'Request body does not match its Content-Encoding');
  }
  // The general rule (http-errors convention, used by Express, its router and body-parser): an error
  // carrying a 4xx status is the client's. It keeps its status with a generic message; never a 500.
  const status = typeof known.status === 'number' ? known.status : Number.NaN;
  if (status >= 400 && status < 500) {
    return new HttpError(
      status,
      CLIENT_ERROR_CODES[status] ?? 'bad_request',
      STATUS_CODES[status] ?? 'Bad request',
    );
  }
  return new HttpError(500, 'internal', 'Internal server error');
}

/** Codes for client errors raised by the framework rather than by our handlers. */
const CLIENT_ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};
