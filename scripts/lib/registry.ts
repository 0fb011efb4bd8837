// A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with its
// storage in a temp dir, optionally behind htpasswd or token auth, plus a pusher that writes small
// images and indexes through the distribution API itself (blob uploads, then manifests).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Registry auth: htpasswd (basic) or token (bearer, with a token service such as actions/test/helpers/registry-auth.ts). */
export type RegistryAuthConfig =
  | { readonly htpasswd: { readonly path: string; readonly realm?: string } }
  | {
      readonly token: {
        readonly realm: string;
        readonly service: string;
        readonly issuer: string;
        /** PEM file of the certificate(s) whose keys sign the tokens. */
        readonly rootCertBundle: string;
      };
    };

export interface TestRegistry {
  /** `127.0.0.1:<port>` (or `[::1]:<port>`): the host part of image references. */
  readonly host: string;
  /** `http://<host>` */
  readonly url: string;
  /** The YAML config the registry runs with. */
  readonly config: string;
  /** What the registry printed so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

/** A free TCP port on `address` (default 127.0.0.1): bind port 0, read it, release it. */
export async function freePort(address = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const bound = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (bound === null || typeof bound === 'string') throw new Error('no port');
  return bound.port;
}

/** Options of {@link startRegistry}. */
export interface RegistryOptions {
  /** No auth when absent. */
  readonly auth?: RegistryAuthConfig;
  /** Loopback address to listen on. @defaultValue '127.0.0.1' */
  readonly address?: '127.0.0.1' | '::1';
  /** Port to listen on (it must be free). @defaultValue a free port */
  readonly port?: number;
  /** Keep the images here across runs (not removed on stop). @defaultValue a temp dir, removed on stop */
  readonly storageDir?: string;
}

/** Starts `docker-registry serve` on a free loopback port and waits until `/v2/` answers. */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const address = options.address ?? '127.0.0.1';
  const port = options.port ?? (await freePort(address));
  const host = address === '::1' ? `[::1]:${port}` : `${address}:${port}`;
  const auth =
    options.auth === undefined
      ? undefined
      : 'htpasswd' in options.auth
        ? {
            htpasswd: {
              realm: options.auth.htpasswd.realm ?? 'test-registry',
              path: options.auth.htpasswd.path,
            },
          }
        : {
            token: {
              realm: options.auth.token.realm,
              service: options.auth.token.service,
              issuer: options.auth.token.issuer,
              rootcertbundle: options.auth.token.rootCertBundle,
            },
          };
  const config = stringify({
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: options.storageDir ?? join(dir, 'data') },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
    ...(auth && { auth }),
  });
  const configPath = join(dir, 'config.yml');
  writeFileSync(configPath, config);
  const child = spawn(REGISTRY_BINARY, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForApi(`http://${host}/v2/`, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nregistry output:\n${output}`);
  }
  return { host, url: `http://${host}`, config, logs: () => output, stop };
}

async function waitForApi(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer ${url} within 15 s`);
}

// --- pushing images through the distribution API -------------------------------------------------

const MEDIA = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

/** A manifest (or index) the helper pushed: its digest, media type and exact bytes. */
export interface PushedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

export interface PushOptions {
  /** `Authorization` header value for every request (Basic … or Bearer … with pull,push). */
  readonly authorization?: string;
  /** `oci` (default) or `docker` media types. */
  readonly format?: 'oci' | 'docker';
  /** Content of the single file in the layer, so images differ. @defaultValue the repository and tag */
  readonly content?: string;
  readonly architecture?: string;
  /** The config's `Labels`, e.g. org.opencontainers.image.revision. */
  readonly labels?: Readonly<Record<string, string>>;
}

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A one-file ustar archive: what a real layer holds. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (text: string, offset: number, length: number) => header.write(text, offset, length, 'ascii');
  field(name, 0, 100);
  field('0000644\0', 100, 8);
  field('0000000\0', 108, 8);
  field('0000000\0', 116, 8);
  field(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 12);
  field('00000000000\0', 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\x0000', 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

async function check(response: Response, what: string, expected: number): Promise<Response> {
  if (response.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${response.status}: ${await response.text()}`);
  }
  return response;
}

/** Uploads a blob (POST to start, PUT ?digest= to finish, in one piece). */
export async function pushBlob(
  registry: Pick<TestRegistry, 'url'>,
  repository: string,
  bytes: Buffer,
  authorization?: string,
): Promise<{ digest: string; size: number }> {
  const headers = authorization ? { authorization } : {};
  const digest = sha256(bytes);
  const started = await check(
    await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers }),
    `start upload to ${repository}`,
    202,
  );
  await started.body?.cancel();
  const location = new URL(started.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const done = await check(
    await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: bytes,
    }),
    `finish upload of ${digest}`,
    201,
  );
  await done.body?.cancel();
  return { digest, size: bytes.length };
}

/** PUTs manifest bytes under a tag or digest and returns what was stored. */
export async function pushManifest(
  registry: Pick<TestRegistry, 'url'>,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
  authorization?: string,
): Promise<PushedManifest> {
  const response = await check(
    await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { ...(authorization && { authorization }), 'content-type': mediaType },
      body: bytes,
    }),
    `put manifest ${repository}:${reference}`,
    201,
  );
  await response.body?.cancel();
  return { digest: sha256(bytes), mediaType, bytes };
}

// Indented with 3 spaces and a trailing newline on purpose: a client that re-encodes the JSON
// instead of keeping the bytes changes the digest, and the tests notice.
const encode = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 3)}\n`);

/**
 * Pushes a small single-platform image (config blob, one gzip layer, manifest) and tags it.
 * `tag` may be undefined to push by digest only (for index children).
 */
export async function pushImage(
  registry: Pick<TestRegistry, 'url'>,
  repository: string,
  tag: string | undefined,
  options: PushOptions = {},
): Promise<PushedManifest> {
  const media = MEDIA[options.format ?? 'oci'];
  const architecture = options.architecture ?? 'amd64';
  const tar = tarOf(
    'hello.txt',
    Buffer.from(options.content ?? `${repository}:${tag ?? ''} ${architecture}\n`),
  );
  const layer = await pushBlob(registry, repository, gzipSync(tar), options.authorization);
  const config = encode({
    created: '2026-11-01T00:00:00Z',
    architecture,
    os: 'linux',
    config: { Cmd: ['/hello'], ...(options.labels && { Labels: options.labels }) },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    history: [{ created: '2026-11-01T00:00:00Z', created_by: 'test helper' }],
  });
  const configBlob = await pushBlob(registry, repository, config, options.authorization);
  const manifest = encode({
    schemaVersion: 2,
    mediaType: media.manifest,
    config: { mediaType: media.config, ...configBlob },
    layers: [{ mediaType: media.layer, ...layer }],
  });
  return pushManifest(
    registry,
    repository,
    tag ?? sha256(manifest),
    media.manifest,
    manifest,
    options.authorization,
  );
}

/** Pushes an image index (or Docker manifest list) over linux/amd64 and linux/arm64 images and tags it. */
export async function pushIndex(
  registry: Pick<TestRegistry, 'url'>,
  repository: string,
  tag: string,
  options: Omit<PushOptions, 'architecture' | 'content'> = {},
): Promise<PushedManifest & { children: PushedManifest[] }> {
  const media = MEDIA[options.format ?? 'oci'];
  const architectures = ['amd64', 'arm64'];
  const children: PushedManifest[] = [];
  for (const architecture of architectures) {
    children.push(await pushImage(registry, repository, undefined, { ...options, architecture }));
  }
  const index = encode({
    schemaVersion: 2,
    mediaType: media.index,
    manifests: children.map((child, i) => ({
      mediaType: child.mediaType,
      digest: child.digest,
      size: child.bytes.length,
      platform: { architecture: architectures[i], os: 'linux' },
    })),
  });
  const pushed = await pushManifest(registry, repository, tag, media.index, index, options.authorization);
  return { ...pushed, children };
}

/** The repository's tags as the registry lists them (`GET /v2/<name>/tags/list`), sorted; [] when unknown. */
export async function registryTags(
  registry: Pick<TestRegistry, 'url'>,
  repository: string,
  authorization?: string,
): Promise<string[]> {
  const response = await fetch(`${registry.url}/v2/${repository}/tags/list`, {
    headers: authorization ? { authorization } : {},
  });
  if (response.status === 404) {
    await response.body?.cancel();
    return [];
  }
  await check(response, `list tags of ${repository}`, 200);
  const body = (await response.json()) as { tags?: string[] | null };
  return [...(body.tags ?? [])].sort();
}

/** `Basic <base64>` for a username and password. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

// --- an independent client to cross-check what our code wrote ----------------------------------

/**
 * Runs `skopeo inspect` (plain HTTP allowed) on `host/repository:tag`: the raw manifest bytes with
 * `raw`, otherwise its JSON summary ({Digest, …}). `creds` is `user:password`.
 */
export async function skopeoInspect(
  reference: string,
  options: { raw: true; creds?: string },
): Promise<Buffer>;
export async function skopeoInspect(
  reference: string,
  options?: { raw?: false; creds?: string },
): Promise<{ Digest: string; Name: string; Architecture?: string }>;
export async function skopeoInspect(
  reference: string,
  options: { raw?: boolean; creds?: string } = {},
): Promise<unknown> {
  const args = ['inspect', '--tls-verify=false', ...(options.raw ? ['--raw'] : [])];
  if (options.creds !== undefined) args.push('--creds', options.creds);
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    execFile('skopeo', [...args, `docker://${reference}`], { encoding: 'buffer' }, (error, out, err) =>
      error ? reject(new Error(`skopeo inspect ${reference}: ${err.toString()}`)) : resolve(out),
    );
  });
  return options.raw ? stdout : JSON.parse(stdout.toString());
}
