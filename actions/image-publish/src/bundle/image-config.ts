// The bundle image's config, manifest and index, as deterministic JSON: keys in a fixed order, no
// whitespace, every time the source date, nothing from the build machine (no paths, hosts or clocks).
import { createHash } from 'node:crypto';
import { OCI_INDEX, OCI_MANIFEST } from '../../../lib/oci-registry.js';
import type { Descriptor, ImageConfig, Platform, PlatformBase } from './base-image.js';
import type { Layer } from './layer.js';

export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
/** The user every service image runs as: distroless' `nonroot`, numeric so Kubernetes can check runAsNonRoot. */
export const IMAGE_USER = '65532:65532';

/** A JSON document as pushed: its exact bytes and their digest. */
export interface Blob {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly mediaType: string;
}

export function jsonBlob(value: unknown, mediaType: string): Blob {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType };
}

export const descriptor = (blob: Blob): Descriptor => ({
  mediaType: blob.mediaType,
  digest: blob.digest,
  size: blob.bytes.length,
});

/** What the service's layer adds on top of the base. */
export interface ImageSettings {
  /** Seconds since the epoch: `created` of the config and of the new history entry. */
  readonly created: number;
  readonly port: number;
  readonly workingDir: string;
  /** The bundle, relative to the working directory, e.g. `main.js`. */
  readonly main: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The history line of the new layer, e.g. `image-publish bundle: esbuild src/main.ts -> main.js + migrations`. */
  readonly createdBy: string;
}

function setEnv(env: readonly string[], values: Record<string, string>): string[] {
  const keys = new Set(Object.keys(values));
  return [
    ...env.filter((entry) => !keys.has(entry.split('=')[0] ?? '')),
    ...Object.entries(values).map(([key, value]) => `${key}=${value}`),
  ];
}

/**
 * The node binary the base runs: its Entrypoint must be node alone, as distroless' and the local base's
 * are (`/nodejs/bin/node`); the image then runs `node --enable-source-maps /app/main.js`, the same
 * entrypoint the Dockerfile writes.
 */
export function nodeOf(config: ImageConfig, baseName: string): string {
  const entrypoint = config.config?.Entrypoint;
  const node = Array.isArray(entrypoint) && entrypoint.length === 1 ? entrypoint[0] : undefined;
  if (typeof node !== 'string' || !/(^|\/)node$/.test(node)) {
    throw new Error(
      `base ${baseName} must be a Node.js image whose entrypoint is the node binary alone ` +
        `(as gcr.io/distroless/nodejs24-debian12's is); its entrypoint is ${JSON.stringify(entrypoint ?? null)}`,
    );
  }
  return node;
}

/** The config of the image: the base's, with the service's runtime settings and the new layer. */
export function imageConfig(
  base: PlatformBase,
  layer: Layer,
  settings: ImageSettings,
  baseName: string,
): Blob {
  const created = new Date(settings.created * 1000).toISOString().replace('.000Z', 'Z');
  const inherited = base.config.config ?? {};
  const node = nodeOf(base.config, baseName);
  const env = Array.isArray(inherited.Env) ? (inherited.Env as string[]) : [];
  const baseLabels = (inherited.Labels ?? {}) as Record<string, string>;
  const { Cmd: _cmd, Healthcheck: _healthcheck, ...kept } = inherited;
  const platform: Platform = base.platform;
  return jsonBlob(
    {
      created,
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant && { variant: platform.variant }),
      config: {
        ...kept,
        User: IMAGE_USER,
        ExposedPorts: { [`${settings.port}/tcp`]: {} },
        Env: setEnv(env, { NODE_ENV: 'production', PORT: String(settings.port) }),
        Entrypoint: [node, '--enable-source-maps', `/${settings.workingDir}/${settings.main}`],
        WorkingDir: `/${settings.workingDir}`,
        Labels: { ...baseLabels, ...settings.labels },
      },
      rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, layer.diffId] },
      history: [...(base.config.history ?? []), { created, created_by: settings.createdBy }],
    },
    OCI_CONFIG,
  );
}

/** The platform's manifest: the base's layers, then the service's, with the base named in annotations. */
export function imageManifest(base: PlatformBase, layer: Layer, config: Blob, baseName: string): Blob {
  return jsonBlob(
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: descriptor(config),
      layers: [...base.layers, { mediaType: OCI_LAYER, digest: layer.digest, size: layer.blob.length }],
      annotations: {
        'org.opencontainers.image.base.digest': base.digest,
        'org.opencontainers.image.base.name': baseName,
      },
    },
    OCI_MANIFEST,
  );
}

/** An OCI index over the platforms' manifests, each with its real platform (never unknown/unknown). */
export function imageIndex(entries: readonly { manifest: Blob; platform: Platform }[]): Blob {
  return jsonBlob(
    {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: entries.map(({ manifest, platform }) => ({
        ...descriptor(manifest),
        platform: {
          architecture: platform.architecture,
          os: platform.os,
          ...(platform.variant && { variant: platform.variant }),
        },
      })),
    },
    OCI_INDEX,
  );
}
