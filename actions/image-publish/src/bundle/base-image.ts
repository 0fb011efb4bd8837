// The base image for each requested platform: the base reference is pinned by digest; when it names an
// index, the entry for each platform is picked; each platform's manifest and config are read and checked.
import { getBlob } from '../../../lib/oci-blobs.js';
import { formatReference, type ImageReference, withDigest } from '../../../lib/oci-reference.js';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_INDEX,
  OCI_MANIFEST,
  type RegistryClient,
} from '../../../lib/oci-registry.js';

/** An OCI descriptor (content address plus media type and size). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The parts of an image config the bundle builder reads and extends. */
export interface ImageConfig {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly config?: Record<string, unknown>;
  readonly rootfs: { readonly type: string; readonly diff_ids: readonly string[] };
  readonly history?: readonly Record<string, unknown>[];
}

/** The base as one platform sees it. */
export interface PlatformBase {
  readonly platform: Platform;
  /** The single-platform manifest's digest. */
  readonly digest: string;
  readonly layers: readonly Descriptor[];
  readonly config: ImageConfig;
}

/** What the bundle builder needs from the registry client. */
export type BaseClient = Pick<RegistryClient, 'getManifest' | 'send'>;

/** `linux/arm64/v8` → {os, architecture, variant}. */
export function parsePlatform(text: string): Platform {
  const [os = '', architecture = '', variant] = text.split('/');
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** A requested platform matches an entry when os and architecture agree, and the variant when asked for. */
function matches(requested: Platform, offered: Platform | undefined): boolean {
  return (
    offered !== undefined &&
    offered.os === requested.os &&
    offered.architecture === requested.architecture &&
    (requested.variant === undefined || offered.variant === requested.variant)
  );
}

const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** Docker schema 2 gzip layers are the same bytes as OCI gzip layers; an OCI manifest names them so. */
function asOciLayer(layer: Descriptor): Descriptor {
  return layer.mediaType === DOCKER_LAYER ? { ...layer, mediaType: OCI_LAYER } : layer;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

/** Resolves `base` (which must carry a digest) for every platform, in the order given. */
export async function resolveBase(
  client: BaseClient,
  base: ImageReference,
  platforms: readonly string[],
): Promise<PlatformBase[]> {
  const name = formatReference(base);
  if (base.digest === undefined) throw new Error(`base ${name} is not pinned by digest`);
  const top = await client.getManifest(base);
  const mediaType = top.mediaType.split(';')[0]?.trim();
  const requested = platforms.map(parsePlatform);
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST) {
    const index = parseJson<{ manifests?: Descriptor[] }>(top.bytes, `base index ${name}`);
    const entries = index.manifests ?? [];
    const picked = requested.map((platform) => {
      const entry = entries.find((candidate) => matches(platform, candidate.platform));
      if (entry === undefined) {
        const offered = entries.map((e) => (e.platform ? formatPlatform(e.platform) : '?')).join(', ');
        throw new Error(`base ${name} has no ${formatPlatform(platform)} image (it offers ${offered})`);
      }
      return entry;
    });
    return Promise.all(
      picked.map((entry, i) =>
        platformBase(client, withDigest(base, entry.digest), requested[i] as Platform),
      ),
    );
  }
  if (mediaType !== OCI_MANIFEST && mediaType !== DOCKER_MANIFEST) {
    throw new Error(`base ${name} is a ${top.mediaType}, not an image manifest or index`);
  }
  if (requested.length > 1) {
    throw new Error(
      `base ${name} is a single-platform image: it cannot serve ${platforms.join(', ')}; give an index`,
    );
  }
  return [await platformBase(client, base, requested[0] as Platform)];
}

async function platformBase(
  client: BaseClient,
  reference: ImageReference,
  platform: Platform,
): Promise<PlatformBase> {
  const name = formatReference(reference);
  const manifest = await client.getManifest(reference);
  const body = parseJson<{ config?: Descriptor; layers?: Descriptor[] }>(
    manifest.bytes,
    `base manifest ${name}`,
  );
  if (body.config === undefined || body.layers === undefined) {
    throw new Error(`base manifest ${name} has no config or layers`);
  }
  const config = parseJson<ImageConfig>(
    await getBlob(client, reference, body.config.digest, 4 * 1024 * 1024),
    `base config of ${name}`,
  );
  const actual = {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant && { variant: config.variant }),
  };
  if (!matches(platform, actual)) {
    throw new Error(`base ${name} is ${formatPlatform(actual)}, not ${formatPlatform(platform)}`);
  }
  if (config.rootfs?.diff_ids?.length !== body.layers.length) {
    throw new Error(
      `base ${name}: its config lists ${config.rootfs?.diff_ids?.length ?? 0} layers, its manifest ${body.layers.length}`,
    );
  }
  return {
    platform: actual,
    digest: manifest.digest,
    layers: body.layers.map((layer) =>
      asOciLayer({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }),
    ),
    config,
  };
}
