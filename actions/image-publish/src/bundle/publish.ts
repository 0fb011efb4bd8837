// The `bundle` builder end to end: bundle the service, make its layer, put it on the base for every
// platform, and push blobs (mounting the base's layers from the base's repository when the registry
// allows), the platforms' manifests, the index, and the tags. Pure content addressing: a second run of
// an unchanged commit finds every blob present and uploads nothing.
import { type BlobOutcome, ensureBlob, getBlob } from '../../../lib/oci-blobs.js';
import { formatReference, type ImageReference, withDigest, withTag } from '../../../lib/oci-reference.js';
import type { RegistryClient } from '../../../lib/oci-registry.js';
import { formatPlatform, resolveBase } from './base-image.js';
import { type Blob, imageConfig, imageIndex, imageManifest } from './image-config.js';
import { buildLayer } from './layer.js';
import { BUNDLE_MAIN } from './node-bundle.js';
import { APP_DIR, bundleCreatedBy, bundleService, type ServiceSource } from './service-bundle.js';

export interface BundleRequest {
  /** What to bundle; its working directory absolute. */
  readonly source: ServiceSource;
  /** The port the service listens on: PORT and ExposedPorts. */
  readonly port: number;
  /** The base, pinned by digest. */
  readonly base: ImageReference;
  /** The repository to push to (no tag). */
  readonly target: ImageReference;
  readonly platforms: readonly string[];
  /** Bare tags to set on the result. */
  readonly tags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** SOURCE_DATE_EPOCH. */
  readonly created: number;
  readonly push: boolean;
}

export type BundleClient = Pick<RegistryClient, 'getManifest' | 'headManifest' | 'putManifest' | 'send'>;

export interface BundleClients {
  /** Pushes to the target repository. */
  readonly target: BundleClient;
  /** Reads the base (the target's client when both are on one registry). */
  readonly base: BundleClient;
}

export interface BundleResult {
  /** The index's digest for several platforms, else the manifest's. */
  readonly digest: string;
  readonly mediaType: string;
  /** How many blobs were already there, mounted, uploaded; and the bytes uploaded. */
  readonly blobs: Readonly<Record<BlobOutcome, number>>;
  readonly uploadedBytes: number;
  /** The service layer: compressed and uncompressed bytes. */
  readonly layer: { readonly size: number; readonly uncompressedSize: number };
}

/** Builds the image and, with `push`, pushes it; returns its digest (never empty). */
export async function publishBundle(
  request: BundleRequest,
  clients: BundleClients,
  log: (line: string) => void = () => {},
): Promise<BundleResult> {
  const baseName = formatReference(request.base);
  // The base first: a base that cannot serve the platforms fails before anything is bundled.
  const bases = await resolveBase(clients.base, request.base, request.platforms);
  const files = await bundleService(request.source);
  const layer = await buildLayer(files, request.created);
  log(
    `bundled ${request.source.entry}: ${files.length} files, layer ${layer.digest} (${layer.blob.length} bytes)`,
  );
  const settings = {
    created: request.created,
    port: request.port,
    workingDir: APP_DIR,
    main: BUNDLE_MAIN,
    labels: request.labels,
    createdBy: bundleCreatedBy(request.source),
  };
  const images = bases.map((base) => {
    const config = imageConfig(base, layer, settings, baseName);
    return { base, config, manifest: imageManifest(base, layer, config, baseName) };
  });
  const top: Blob =
    images.length === 1
      ? (images[0]?.manifest as Blob)
      : imageIndex(images.map(({ manifest, base }) => ({ manifest, platform: base.platform })));

  const blobs: Record<BlobOutcome, number> = { present: 0, mounted: 0, uploaded: 0 };
  let uploadedBytes = 0;
  if (request.push) {
    const target = request.target;
    const sameRegistry = request.base.registry === target.registry;
    const ensure = async (
      digest: string,
      size: number,
      bytes: () => Promise<Buffer> | Buffer,
      mountFrom?: string,
    ) => {
      const outcome = await ensureBlob(clients.target, target, digest, {
        bytes,
        ...(mountFrom !== undefined && { mountFrom }),
      });
      blobs[outcome]++;
      if (outcome === 'uploaded') uploadedBytes += size;
    };
    for (const { base, config, manifest } of images) {
      for (const baseLayer of base.layers) {
        await ensure(
          baseLayer.digest,
          baseLayer.size,
          () => getBlob(clients.base, request.base, baseLayer.digest),
          sameRegistry ? request.base.repository : undefined,
        );
      }
      await ensure(layer.digest, layer.blob.length, () => layer.blob);
      await ensure(config.digest, config.bytes.length, () => config.bytes);
      await putIfChanged(clients.target, withDigest(target, manifest.digest), manifest);
      log(`${formatPlatform(base.platform)}: ${manifest.digest}`);
    }
    if (images.length > 1) await putIfChanged(clients.target, withDigest(target, top.digest), top);
    for (const tag of request.tags) await putIfChanged(clients.target, withTag(target, tag), top);
    log(
      `blobs: ${blobs.present} already there, ${blobs.mounted} mounted, ${blobs.uploaded} uploaded (${uploadedBytes} bytes)`,
    );
  }
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    blobs,
    uploadedBytes,
    layer: { size: layer.blob.length, uncompressedSize: layer.uncompressedSize },
  };
}

/** PUTs a manifest unless the reference already names it; checks what the registry says it stored. */
async function putIfChanged(client: BundleClient, reference: ImageReference, blob: Blob): Promise<void> {
  if ((await client.headManifest(reference))?.digest === blob.digest) return;
  const stored = await client.putManifest(reference, blob);
  if (stored !== undefined && stored !== blob.digest) {
    throw new Error(`${formatReference(reference)}: the registry stored ${stored}, not ${blob.digest}`);
  }
}
