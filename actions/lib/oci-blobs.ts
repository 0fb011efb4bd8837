// Blob calls of the distribution API, on the one RegistryClient that image-promote also uses: check a
// blob, mount it from another repository of the same registry, upload it in one piece (POST, then PUT
// ?digest=), and read one back verified against its digest.
import { RegistryError } from './oci-errors.js';
import { type ImageReference, registryBaseUrl, repositoryName } from './oci-reference.js';
import { digestOf, errorFrom, type RegistryClient } from './oci-registry.js';

/** The client calls the blob functions need. */
export type BlobClient = Pick<RegistryClient, 'send'>;

/** How a blob came to be in the target repository. */
export type BlobOutcome = 'present' | 'mounted' | 'uploaded';

/** True when the repository has the blob (HEAD 200), false on 404. */
export async function hasBlob(
  client: BlobClient,
  repository: ImageReference,
  digest: string,
): Promise<boolean> {
  const operation = `check blob ${digest} in ${repositoryName(repository)}`;
  const response = await client.send(repository, `blobs/${digest}`, operation, 'pull', { method: 'HEAD' });
  await response.body?.cancel();
  if (response.status === 404) return false;
  if (!response.ok) throw await errorFrom(response, operation);
  return true;
}

/**
 * Asks the registry to mount `digest` from `from` (a repository of the same registry) into `target`.
 * Returns 'mounted' (201), or the upload session the registry opened instead (202: the registry does
 * not mount, or the credentials may not read `from`), to upload the bytes into.
 */
export async function mountBlob(
  client: BlobClient,
  target: ImageReference,
  digest: string,
  from: string,
): Promise<'mounted' | { location: string }> {
  const operation = `mount blob ${digest} from ${from} into ${repositoryName(target)}`;
  const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
  const response = await client.send(target, `blobs/uploads/?${query}`, operation, 'pull,push', {
    method: 'POST',
  });
  await response.body?.cancel();
  if (response.status === 201) return 'mounted';
  if (response.status === 202) return { location: uploadLocation(response, operation) };
  throw await errorFrom(response, operation);
}

/**
 * Uploads `bytes` as one blob: opens an upload session (unless `location` names one already open),
 * then PUTs the whole content with `?digest=`. The registry checks the digest; so do we.
 */
export async function uploadBlob(
  client: BlobClient,
  target: ImageReference,
  bytes: Buffer,
  location?: string,
): Promise<string> {
  const digest = digestOf(bytes);
  const operation = `upload blob ${digest} (${bytes.length} bytes) to ${repositoryName(target)}`;
  let session = location;
  if (session === undefined) {
    const started = await client.send(target, 'blobs/uploads/', operation, 'pull,push', { method: 'POST' });
    await started.body?.cancel();
    if (started.status !== 202) throw await errorFrom(started, operation);
    session = uploadLocation(started, operation);
  }
  const response = await client.send(
    target,
    sessionPath(target, session, digest, operation),
    operation,
    'pull,push',
    {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    },
  );
  if (response.status !== 201) throw await errorFrom(response, operation);
  await response.body?.cancel();
  const stored = response.headers.get('docker-content-digest');
  if (stored !== null && stored !== digest) {
    throw new RegistryError({ operation, status: 201, body: `the registry stored ${stored}, not ${digest}` });
  }
  return digest;
}

/** Where a blob can come from when the target repository lacks it. */
export interface BlobSource {
  /** A repository of the target's registry to mount from (tried first). */
  readonly mountFrom?: string;
  /** The bytes, read only when neither present nor mountable. */
  readonly bytes: () => Promise<Buffer> | Buffer;
}

/** Makes sure `target` has `digest`: present already, else mounted, else uploaded. */
export async function ensureBlob(
  client: BlobClient,
  target: ImageReference,
  digest: string,
  source: BlobSource,
): Promise<BlobOutcome> {
  if (await hasBlob(client, target, digest)) return 'present';
  let location: string | undefined;
  if (source.mountFrom !== undefined && source.mountFrom !== target.repository) {
    const mounted = await mountBlob(client, target, digest, source.mountFrom);
    if (mounted === 'mounted') return 'mounted';
    location = mounted.location;
  }
  const bytes = await source.bytes();
  const uploaded = await uploadBlob(client, target, bytes, location);
  if (uploaded !== digest) {
    throw new Error(
      `blob for ${digest} hashes to ${uploaded}: refusing to push it to ${repositoryName(target)}`,
    );
  }
  return 'uploaded';
}

/** GETs a blob (following the registry's redirect to storage) and checks it against its digest. */
export async function getBlob(
  client: BlobClient,
  repository: ImageReference,
  digest: string,
  maxBytes = 2 * 1024 * 1024 * 1024,
): Promise<Buffer> {
  const operation = `read blob ${digest} from ${repositoryName(repository)}`;
  const response = await client.send(repository, `blobs/${digest}`, operation, 'pull', { method: 'GET' });
  if (!response.ok) throw await errorFrom(response, operation);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length > maxBytes) {
    await response.body?.cancel();
    throw new RegistryError({ operation, status: response.status, body: `blob over ${maxBytes} bytes` });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = digestOf(bytes);
  if (actual !== digest) {
    throw new RegistryError({ operation, status: response.status, body: `the blob hashes to ${actual}` });
  }
  return bytes;
}

function uploadLocation(response: Response, operation: string): string {
  const location = response.headers.get('location');
  if (location === null || location === '') {
    throw new RegistryError({
      operation,
      status: response.status,
      body: 'the upload answer has no Location',
    });
  }
  return location;
}

/**
 * The upload session URL as a path below `/v2/<repository>/` (the client's calls are relative to it),
 * with `digest` added. Registries answer with a path or an absolute URL on their own host; an upload
 * location elsewhere is refused rather than sent credentials.
 */
function sessionPath(target: ImageReference, location: string, digest: string, operation: string): string {
  const base = new URL(`${registryBaseUrl(target.registry)}/`);
  const url = new URL(location, base);
  const prefix = `/v2/${target.repository}/`;
  if (url.origin !== base.origin || !url.pathname.startsWith(prefix)) {
    throw new RegistryError({
      operation,
      body: `the upload location ${url.origin}${url.pathname} is not below ${base.origin}${prefix}`,
      hint: 'Uploads to another host are not supported: the registry credentials are not sent elsewhere.',
    });
  }
  url.searchParams.set('digest', digest);
  return `${url.pathname.slice(prefix.length)}${url.search}`;
}
