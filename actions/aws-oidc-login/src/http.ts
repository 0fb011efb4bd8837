// One HTTP exchange over node:http(s), the lightest client Node has: the SDK's handler and fetch's
// undici each cost more to load than the whole login takes on the wire. Used for the two calls this
// action makes (the runner's OIDC token endpoint and STS), both small request/answer exchanges.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Until the connection is up (DNS, TCP, TLS). @defaultValue 5000 */
  readonly connectTimeoutMs?: number;
  /** For the whole exchange. @defaultValue 20000 */
  readonly timeoutMs?: number;
  /** A connection opened earlier to the same host (see {@link preconnect}), used instead of a new one. */
  readonly connection?: Socket | undefined;
}

/** A request that got no HTTP answer (refused, reset, timed out, DNS): `code` is Node's, e.g. ECONNRESET. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Answers larger than this are refused: both answers this action reads are a few kB. */
const MAX_BODY = 1 << 20;

/** Sends one request and reads the whole answer as UTF-8; rejects with a NetworkError when none came. */
export function exchange(url: URL, options: HttpRequest): Promise<HttpAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const connectTimeout = options.connectTimeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const fail = (code: string, message: string) => {
      clearTimeout(overall);
      req.destroy();
      reject(new NetworkError(code, message));
    };
    const req = send(url, {
      // A given connection replaces the agent: used once, closed after the answer.
      ...(options.connection && { createConnection: () => options.connection }),
      method: options.method,
      headers: {
        ...options.headers,
        ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }),
      },
    });
    const overall = setTimeout(
      () => fail('ETIMEDOUT', `no answer from ${url.host} within ${options.timeoutMs ?? 20_000} ms`),
      options.timeoutMs ?? 20_000,
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const connect = setTimeout(
        () => fail('ETIMEDOUT', `could not connect to ${url.host} within ${connectTimeout} ms`),
        connectTimeout,
      );
      socket.once('connect', () => clearTimeout(connect));
      socket.once('close', () => clearTimeout(connect));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(overall);
      reject(error instanceof NetworkError ? error : new NetworkError(error.code ?? 'ERR', error.message));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) fail('EMSGSIZE', `the answer from ${url.host} exceeds ${MAX_BODY} bytes`);
        else chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ERR', error.message));
      res.on('end', () => {
        clearTimeout(overall);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(options.body);
  });
}

/** A connection being opened ahead of its request. */
export interface Preconnection {
  /** The connection, once, if it has not failed; undefined otherwise (the request then opens its own). */
  take(): Socket | undefined;
  /** Closes the connection if nobody took it. */
  release(): void;
}

/**
 * Starts opening a connection to `url`'s host (DNS, TCP, and TLS with the usual certificate checks for
 * https) so that a request made later skips that set-up: aws-oidc-login opens STS's connection while
 * the OIDC token request is in flight. A failure here is silent; the request then connects itself and
 * reports what happens.
 */
export function preconnect(url: URL, tls: { ca?: string } = {}): Preconnection {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const socket: Socket = secure
    ? tlsConnect({
        host,
        port,
        ALPNProtocols: ['http/1.1'],
        ...(isIP(host) === 0 && { servername: host }),
        // Tests trust their own certificate authority; the action uses the system's.
        ...(tls.ca !== undefined && { ca: tls.ca }),
      })
    : tcpConnect({ host, port });
  let failed = false;
  let taken = false;
  socket.once('error', () => {
    failed = true;
  });
  return {
    take() {
      if (taken || failed || socket.destroyed) return undefined;
      taken = true;
      return socket;
    },
    release() {
      if (!taken) socket.destroy();
    },
  };
}
