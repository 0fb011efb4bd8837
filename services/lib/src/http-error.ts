/** An error with an HTTP status, rendered as `{error: {code, message, field?}}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Response headers that belong to the error, e.g. `WWW-Authenticate` on a 401. */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status - HTTP status (4xx/5xx)
   * @param code - stable machine-readable code, e.g. `insufficient_stock`
   * @param message - human-readable explanation, sent to the client
   * @param field - the request field at fault, when one is
   * @param options - `headers` to send with it; `cause` is logged, never sent
   */
  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.headers = options.headers ?? {};
  }
}

/** Body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
