// One HTTP exchange over node:http(s), the lightest client Node has: the SDK's handler and fetch's
// undici each cost more to load than the whole login takes on the wire. Used for the two calls this
// action makes (the runner's OIDC token endpoint and STS), both small request/answer exchanges.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

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
