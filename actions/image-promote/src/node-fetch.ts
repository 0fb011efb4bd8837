// The part of `fetch` the OCI client uses, on node:http(s). Node's own fetch is undici: its first call
// loads undici and compiles its WASM HTTP parser, ~150 ms and ~45 MB here, more than everything else
// a promotion does (measured in bench/image-promote.bench.ts). This speaks the same contract for what
// RegistryClient and RegistryAuth read: status, ok, headers.get, text/json/arrayBuffer, body.cancel,
// AbortSignal, and redirects (followed for GET/HEAD, answered as is with `redirect: 'manual'`).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

const MAX_REDIRECTS = 5;

/** Response headers, read case-insensitively; repeated headers joined with ', ' as fetch does. */
class NodeHeaders {
  constructor(private readonly raw: IncomingMessage['headers']) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** A response whose body is read at most once, like fetch's. */
class NodeResponse {
  readonly headers: NodeHeaders;
  readonly body: { cancel(): Promise<void> };
  private consumed = false;

  constructor(
    private readonly message: IncomingMessage,
    readonly url: string,
    readonly redirected: boolean,
  ) {
    this.headers = new NodeHeaders(message.headers);
    this.body = {
      cancel: async () => {
        this.consumed = true;
        message.resume(); // drain, so the keep-alive connection is reused
      },
    };
  }
  get status(): number {
    return this.message.statusCode ?? 0;
  }
  get statusText(): string {
    return this.message.statusMessage ?? '';
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  private async bytes(): Promise<Buffer> {
    if (this.consumed) throw new TypeError('Body is unusable: the body has already been read');
    this.consumed = true;
    const chunks: Buffer[] = [];
    for await (const chunk of this.message) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | Uint8Array | string;
  signal?: AbortSignal;
  redirect?: 'follow' | 'manual' | 'error';
}

function once(url: URL, init: Init): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
  if (send === undefined)
    return Promise.reject(new TypeError(`fetch failed: unsupported scheme ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const signal = init.signal;
    if (signal?.aborted) return reject(signal.reason);
    const req = send(url, { method: init.method ?? 'GET', headers: init.headers ?? {} });
    const abort = () => {
      req.destroy(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    req.on('error', (cause) => {
      signal?.removeEventListener('abort', abort);
      reject(new TypeError('fetch failed', { cause }));
    });
    req.on('response', (res) => {
      signal?.removeEventListener('abort', abort);
      // The deadline still covers the body: abort it while it is being read.
      if (signal) {
        const stop = () => res.destroy(signal.reason);
        signal.addEventListener('abort', stop, { once: true });
        res.once('close', () => signal.removeEventListener('abort', stop));
      }
      resolve(res);
    });
    req.end(init.body);
  });
}

/** `fetch` for string and URL inputs over node:http(s); see the header comment for what it covers. */
export async function nodeFetch(input: string | URL | Request, init: Init = {}): Promise<Response> {
  if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('nodeFetch takes a URL');
  let url = new URL(input);
  const headers = { ...init.headers };
  const method = (init.method ?? 'GET').toUpperCase();
  for (let hops = 0; ; hops++) {
    const res = await once(url, { ...init, method, headers });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    const redirect = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
    if (!redirect || init.redirect === 'manual') {
      // A HEAD answer has no body to read: drain it now so its connection goes back to the pool.
      if (method === 'HEAD') res.resume();
      return new NodeResponse(res, url.href, hops > 0) as unknown as Response;
    }
    res.resume();
    // As fetch without a replayable body: only bodiless requests are followed.
    if (init.redirect === 'error' || (method !== 'GET' && method !== 'HEAD') || hops >= MAX_REDIRECTS) {
      throw new TypeError('fetch failed', {
        cause: new Error(`redirect to ${location} not followed for ${method} ${url.href}`),
      });
    }
    const next = new URL(location, url);
    // Credentials stay with the origin they were meant for (fetch drops Authorization across origins).
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}
