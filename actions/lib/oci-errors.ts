// Failures of a registry (or its token service), quoted with the registry's own error code and
// message, then what to check. The distribution spec's error body: {"errors":[{"code","message","detail"}]}.

/** One entry of a registry's `errors` array. */
export interface RegistryErrorEntry {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
}

/** What a {@link RegistryError} is built from. */
export interface RegistryErrorInit {
  /** What was being done, e.g. `resolve 127.0.0.1:5000/app:1.0`. */
  readonly operation: string;
  /** HTTP status, or undefined when no response came (network, TLS, timeout). */
  readonly status?: number;
  /** The parsed `errors` array (empty when the body had none). */
  readonly errors?: readonly RegistryErrorEntry[];
  /** A short excerpt of a body that was not the spec's error JSON. */
  readonly body?: string;
  /** The underlying error for network failures. */
  readonly cause?: unknown;
  /** What to check; a default is chosen from the code and status when omitted. */
  readonly hint?: string;
}

const HINTS: Record<string, string> = {
  MANIFEST_UNKNOWN: 'Check that the repository and the tag or digest exist in this registry.',
  NAME_UNKNOWN: 'Check the repository name and the registry host.',
  UNAUTHORIZED:
    'Check registry-username and registry-password, and that they may pull and push this repository.',
  DENIED: 'Check that the credentials are allowed to push to this repository.',
  MANIFEST_BLOB_UNKNOWN:
    'The manifest references blobs this repository lacks; promote within one repository.',
  MANIFEST_INVALID: 'The registry refused the manifest bytes; check that it supports this media type.',
  TAG_INVALID: 'Check the tag against the tag grammar.',
  TOOMANYREQUESTS: 'The registry rate-limits this client; retry later or authenticate.',
  UNSUPPORTED: 'The registry does not support this operation.',
};

function defaultHint(status: number | undefined, code: string | undefined): string {
  if (code !== undefined && HINTS[code]) return HINTS[code];
  if (status === undefined) return 'Check the registry host, the network and TLS.';
  if (status === 401) return HINTS.UNAUTHORIZED ?? '';
  if (status === 403) return HINTS.DENIED ?? '';
  if (status === 404) return HINTS.MANIFEST_UNKNOWN ?? '';
  if (status === 429) return HINTS.TOOMANYREQUESTS ?? '';
  if (status >= 500) return 'The registry failed; check its status and retry.';
  return 'Check the reference and the registry.';
}

/** A registry request that failed: `status`, the registry's `code`, and a message that quotes both. */
export class RegistryError extends Error {
  readonly operation: string;
  readonly status: number | undefined;
  /** The first error code the registry sent (e.g. `MANIFEST_UNKNOWN`), if any. */
  readonly code: string | undefined;
  readonly errors: readonly RegistryErrorEntry[];

  constructor(init: RegistryErrorInit) {
    const errors = init.errors ?? [];
    const first = errors[0];
    const quoted =
      errors.length > 0
        ? errors.map((e) => `${e.code}: ${e.message}`).join('; ')
        : init.body
          ? init.body
          : isErrorLike(init.cause)
            ? describeCause(init.cause)
            : 'no error details';
    const status = init.status === undefined ? 'no response' : `HTTP ${init.status}`;
    super(
      `${init.operation} failed (${status}, ${quoted}). ${init.hint ?? defaultHint(init.status, first?.code)}`,
      {
        cause: init.cause,
      },
    );
    this.name = 'RegistryError';
    this.operation = init.operation;
    this.status = init.status;
    this.code = first?.code;
    this.errors = errors;
  }
}

// Duck-typed: errors thrown by fetch may come from another realm, where instanceof Error is false.
function isErrorLike(value: unknown): value is { message: string; cause?: unknown; code?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** fetch wraps the real reason (ECONNREFUSED, certificate errors) in `cause`. */
function describeCause(error: { message: string; cause?: unknown }): string {
  const cause = error.cause;
  if (isErrorLike(cause)) {
    const code = cause.code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}

/** Reads the spec's `{"errors":[…]}` body; anything else becomes a short text excerpt. */
export function parseErrorBody(text: string): { errors: RegistryErrorEntry[]; body?: string } {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) {
      const errors = parsed.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({
          code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
          message: typeof e.message === 'string' ? e.message : '',
          ...(e.detail !== undefined && { detail: e.detail }),
        }));
      return { errors };
    }
  } catch {
    // Not JSON: quote the text itself.
  }
  const body = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return body === '' ? { errors: [] } : { errors: [], body };
}
