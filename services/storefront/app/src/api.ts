// The platform's HTTP APIs, seen from the page: one origin (the entrypoint routes /v1/* to each service),
// JSON both ways, and every failure as an ApiError carrying the platform's `{error: {code, message, field?}}`.

/** A request that did not succeed: the server's error, or no answer at all (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when no answer came (network down, timeout). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** Nothing definite came back: the same request (with the same Idempotency-Key) may be sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** An access token, sent as `Authorization: Bearer`. */
  token?: string | undefined;
  body?: unknown;
  idempotencyKey?: string;
  /** @defaultValue 8000 */
  timeoutMs?: number;
}

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ErrorBody).error?.code === 'string' &&
  typeof (body as ErrorBody).error?.message === 'string';

/** Sends a request to this origin; resolves with the JSON body of a 2xx, rejects with an {@link ApiError}. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw timedOut
      ? new ApiError(0, 'timeout', 'The server took too long to answer')
      : new ApiError(0, 'network_error', 'The server could not be reached');
  }
  if (response.ok) return (await response.json()) as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (isErrorBody(body))
    throw new ApiError(response.status, body.error.code, body.error.message, body.error.field);
  throw new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}`);
}

/** Any thrown value as an ApiError (a bug in the page shows as one too, never swallowed). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'unexpected', error instanceof Error ? error.message : String(error));
}
