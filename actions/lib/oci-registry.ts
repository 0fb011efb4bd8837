// A small OCI distribution client on Node's fetch: resolve, check and put manifests, list tags.
// Manifests are kept as the exact bytes the registry sent: re-encoding JSON would change the digest.
import { createHash } from 'node:crypto';
import {
  type Credentials,
  parseChallenges,
  RegistryAuth,
  type RepositoryAccess,
  repositoryScope,
} from './oci-auth.js';
import { deadline } from './oci-deadline.js';
import { parseErrorBody, RegistryError } from './oci-errors.js';
import {
  formatReference,
  type ImageReference,
  manifestReference,
  registryBaseUrl,
  repositoryName,
} from './oci-reference.js';
import { defaultBackoff, withRetries } from './retry.js';

/** OCI image index (multi-platform). */
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** OCI image manifest. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** Docker manifest list v2 (multi-platform). */
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** Docker image manifest v2 schema 2. */
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/** The manifest media types this client asks for and accepts, indexes first. */
export const MANIFEST_MEDIA_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST] as const;
const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
/** The distribution spec lets registries refuse manifests over 4 MiB; we refuse to read more. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A manifest exactly as the registry stored it. */
export interface Manifest {
  /** `sha256:` of `bytes`, verified against the requested digest and the registry's Docker-Content-Digest. */
  readonly digest: string;
  /** The Content-Type the registry sent (one of {@link MANIFEST_MEDIA_TYPES}); PUT it back unchanged. */
  readonly mediaType: string;
  readonly bytes: Buffer;
}

/** What a HEAD tells about a manifest. */
export interface ManifestDescriptor {
  readonly digest: string;
  readonly mediaType: string;
}

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Used for Basic registries and Bearer token services; anonymous when absent. */
  readonly credentials?: Credentials;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per HTTP request. @defaultValue 30000 */
  readonly timeoutMs?: number;
  /** Retries after a network error or HTTP 429/5xx (with full-jitter exponential backoff). @defaultValue 2 */
  readonly retries?: number;
  /** Ceiling of the first retry's wait (drawn uniformly below it); doubles each retry, uncapped. @defaultValue 500 */
  readonly retryDelayMs?: number;
  /** Receives every secret the moment it is known (tokens, basic auth values), e.g. `core.setSecret`. */
  readonly onSecret?: (secret: string) => void;
}

/** `sha256:<hex>` (or another algorithm's) digest of some bytes. */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** No HTTP response: connection refused or reset, DNS, TLS, timeout. Retried. */
class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

class RetryableStatus extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

/** Talks to registries' `/v2/` APIs: HTTPS, or plain HTTP to loopback registries. */
export class RegistryClient {
  private readonly auth: RegistryAuth;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.auth = new RegistryAuth({
      fetch: this.fetch,
      ...(options.credentials && { credentials: options.credentials }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.onSecret && { onSecret: options.onSecret }),
    });
  }

  /**
   * GETs the manifest or index a reference names (by digest when it has one), verifies its bytes
   * against the requested digest and the registry's Docker-Content-Digest, and returns it unchanged.
   * @throws RegistryError quoting the registry's code (e.g. MANIFEST_UNKNOWN) or naming the mismatch.
   */
  async getManifest(reference: ImageReference): Promise<Manifest> {
    const operation = `resolve ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      'pull',
      {
        method: 'GET',
        headers: { accept: ACCEPT },
      },
    );
    if (!response.ok) throw await errorFrom(response, operation);
    let bytes: Buffer;
    try {
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (cause) {
      throw new RegistryError({
        operation,
        status: response.status,
        cause,
        body: 'the manifest body was cut off',
      });
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryError({
        operation,
        status: response.status,
        body: `manifest over ${MAX_MANIFEST_BYTES} bytes`,
      });
    }
    const mediaType = response.headers.get('content-type') ?? '';
    const baseType = mediaType.split(';')[0]?.trim() ?? '';
    if (!(MANIFEST_MEDIA_TYPES as readonly string[]).includes(baseType)) {
      throw new RegistryError({
        operation,
        status: response.status,
        body: `unsupported manifest media type '${mediaType}'`,
        hint: `Expected one of ${MANIFEST_MEDIA_TYPES.join(', ')} (Docker schema 1 images must be rebuilt).`,
      });
    }
    const digest = digestOf(bytes);
    const claims = [
      ['requested digest', reference.digest],
      ['Docker-Content-Digest', response.headers.get('docker-content-digest') ?? undefined],
    ] as const;
    for (const [what, expected] of claims) {
      if (expected === undefined) continue;
      const algorithm = expected.split(':')[0] ?? 'sha256';
      const actual = algorithm === 'sha256' ? digest : safeDigest(bytes, algorithm);
      if (actual !== expected) {
        throw new RegistryError({
          operation,
          status: response.status,
          body: `the manifest bytes hash to ${actual}, not the ${what} ${expected}`,
          hint: 'The registry or a proxy altered the manifest; do not promote it.',
        });
      }
    }
    return { digest, mediaType, bytes };
  }

  /** HEADs a manifest: its digest and media type, or undefined when the registry has none (404). */
  async headManifest(reference: ImageReference): Promise<ManifestDescriptor | undefined> {
    const operation = `check ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      'pull',
      {
        method: 'HEAD',
        headers: { accept: ACCEPT },
      },
    );
    if (response.status === 404) return undefined;
    if (!response.ok) throw await errorFrom(response, operation);
    const digest = response.headers.get('docker-content-digest');
    if (digest === null) {
      // The header is optional in the spec: fall back to hashing the body.
      const manifest = await this.getManifest(reference);
      return { digest: manifest.digest, mediaType: manifest.mediaType };
    }
    return { digest, mediaType: response.headers.get('content-type') ?? '' };
  }

  /**
   * PUTs manifest bytes unchanged, with their media type, under `reference`'s tag (or digest).
   * Needs push access. Returns the registry's Docker-Content-Digest (undefined when it sent none).
   */
  async putManifest(reference: ImageReference, manifest: Manifest): Promise<string | undefined> {
    const operation = `push manifest ${manifest.digest} to ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      'pull,push',
      {
        method: 'PUT',
        headers: { 'content-type': manifest.mediaType },
        body: manifest.bytes,
      },
    );
    if (!response.ok) throw await errorFrom(response, operation);
    await response.body?.cancel();
    return response.headers.get('docker-content-digest') ?? undefined;
  }

  /** Every tag of the reference's repository, following `Link: <…>; rel="next"` pages. */
  async listTags(reference: ImageReference): Promise<string[]> {
    const operation = `list tags of ${repositoryName(reference)}`;
    const tags: string[] = [];
    let path: string | undefined = 'tags/list?n=1000';
    while (path !== undefined) {
      const response: Response = await this.send(reference, path, operation, 'pull', { method: 'GET' });
      if (!response.ok) throw await errorFrom(response, operation);
      let body: { tags?: string[] | null };
      try {
        body = (await response.json()) as typeof body;
      } catch (cause) {
        throw new RegistryError({
          operation,
          status: response.status,
          cause,
          body: 'the tag list is not JSON',
        });
      }
      tags.push(...(body.tags ?? []));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
      path = next === undefined ? undefined : next.replace(/^.*?\/v2\/.+?\/(tags\/list)/, '$1');
    }
    return tags;
  }

  /**
   * One API call with authentication (learned from a 401, retried once) and retries of transient failures.
   * `path` is relative to `/v2/<repository>/`. Public for the blob calls in oci-blobs.ts.
   */
  async send(
    reference: ImageReference,
    path: string,
    operation: string,
    access: RepositoryAccess,
    init: { method: string; headers?: Record<string, string>; body?: Buffer },
  ): Promise<Response> {
    const url = `${registryBaseUrl(reference.registry)}/v2/${reference.repository}/${path}`;
    const scope = repositoryScope(reference.repository, access);
    // A write is never followed across a redirect: fetch cannot replay a body it has sent (it failed
    // with "detached ArrayBuffer", retried as a network error), and the body would go to another host.
    const write = init.method !== 'GET' && init.method !== 'HEAD';
    const once = async (authorization: string | undefined) => {
      const timeout = deadline(this.options.timeoutMs ?? 30_000);
      try {
        const response = await this.fetch(url, {
          method: init.method,
          headers: { ...init.headers, ...(authorization && { authorization }) },
          ...(init.body && { body: init.body }),
          ...(write && { redirect: 'manual' as const }),
          signal: timeout.signal,
        });
        // The body is read later: the deadline still covers it, the open socket keeps the process alive.
        timeout.release();
        return response;
      } catch (cause) {
        timeout.clear();
        // fetch's TypeError may come from another realm (test runners), where p-retry would not retry it.
        throw new NetworkError(cause);
      }
    };
    const attempt = async () => {
      const sent = await this.auth.authorization(reference.registry, scope);
      let response = await once(sent);
      if (response.status === 401) {
        const challenge = response.headers.get('www-authenticate');
        const retry = await this.auth.respond(reference.registry, challenge, scope, operation, sent);
        if (retry !== undefined) {
          await response.body?.cancel();
          response = await once(retry);
        }
      }
      if (write && REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        throw new RegistryError({
          operation,
          status: response.status,
          body: `the registry redirected this ${init.method} to ${response.headers.get('location') ?? '(no Location)'}`,
          hint: 'Writes are not followed across redirects (the body would be re-sent elsewhere): use the registry host the redirect points to.',
        });
      }
      if (RETRY_STATUSES.has(response.status)) throw new RetryableStatus(response);
      return response;
    };
    try {
      return await withRetries(attempt, {
        retries: this.options.retries ?? 2,
        isRetryable: (error) => !(error instanceof RegistryError),
        // Uncapped, as before: the retries are few.
        backoff: defaultBackoff({
          baseMs: this.options.retryDelayMs ?? 500,
          maxMs: Number.POSITIVE_INFINITY,
        }),
      });
    } catch (error) {
      if (error instanceof RetryableStatus) return error.response;
      if (error instanceof RegistryError) throw error;
      throw new RegistryError({ operation, cause: error instanceof NetworkError ? error.cause : error });
    }
  }
}

function safeDigest(bytes: Uint8Array, algorithm: string): string {
  try {
    return digestOf(bytes, algorithm);
  } catch {
    return `unsupported algorithm ${algorithm}`;
  }
}

/** The RegistryError for a failed response, quoting the registry's error body. */
export async function errorFrom(response: Response, operation: string): Promise<RegistryError> {
  const text = await response.text().catch(() => '');
  // A token that authenticates but lacks an action comes back as 401 with error="insufficient_scope".
  const refused = parseChallenges(response.headers.get('www-authenticate') ?? '').find(
    (challenge) => challenge.params.error === 'insufficient_scope',
  );
  return new RegistryError({
    operation,
    status: response.status,
    ...parseErrorBody(text),
    ...(refused && {
      hint: `The credentials were not granted ${refused.params.scope ?? 'this access'}: check that they may pull and push this repository.`,
    }),
  });
}
