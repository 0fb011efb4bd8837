// Which errors mean "a dependency is unreachable right now" rather than "this request is wrong": a
// database restart, an Aurora failover (every connection terminated at once), a refused or broken
// connection, or a TLS handshake that refuses the server's certificate. Requests answer 503 with a
// stable code for them (never a 500), `/ready` names them, and retries wait them out.

/** Why a dependency cannot be used now, as `/ready` and 503 bodies report it. */
export type UnavailableReason = 'tls_rejected' | 'unavailable';

/** Node's certificate-verification codes (tls.connect) and the host-name mismatch. */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Socket-level failures: nothing listens, the peer vanished, the name does not resolve (yet). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not there yet: class 08 (connection exception),
 * 57P01 admin shutdown (pg_terminate_backend, failover), 57P02 crash shutdown, 57P03 cannot connect now
 * (starting up, shutting down, in recovery), 25006 read-only transaction (a writer that became a reader
 * in a failover, until DNS moves).
 */
const SERVER_STATES = /^(08...|57P0[123]|25006)$/;

/** `pg`'s own messages for a connection lost mid-flight or a pool that could not connect in time. */
const PG_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

interface ErrorLike {
  message: string;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Duck-typed, not `instanceof Error`: errors made by Node's internals come from another realm under Jest's VM. */
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

/** The reason `error` (or any error in its `cause` chain) means a dependency is unreachable, else `undefined`. */
export function unavailableReason(error: unknown): UnavailableReason | undefined {
  for (let e = error, depth = 0; isErrorLike(e) && depth < 5; e = e.cause, depth++) {
    const code = e.code;
    if (typeof code === 'string') {
      if (TLS_CODES.has(code)) return 'tls_rejected';
      if (NETWORK_CODES.has(code) || SERVER_STATES.test(code)) return 'unavailable';
    }
    if (e.message === 'The server does not support SSL connections') return 'tls_rejected';
    if (PG_MESSAGES.test(e.message)) return 'unavailable';
    // AggregateError: Node's connect to a name with several addresses (IPv4 and IPv6 loopback).
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map(unavailableReason).find((r) => r !== undefined);
      if (inner) return inner;
    }
  }
  return undefined;
}
