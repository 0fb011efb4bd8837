// An image's labels, read through the registry API: the manifest (the first child of an index: every
// platform of one build carries the same labels), then its config blob. No pull, no daemon.
import { getBlob } from './oci-blobs.js';
import { parseReference } from './oci-reference.js';
import type { RegistryClient } from './oci-registry.js';

/** The OCI annotation a build records its source commit in (image-publish sets it from the event). */
export const REVISION_LABEL = 'org.opencontainers.image.revision';

interface ManifestJson {
  manifests?: { digest: string }[];
  config?: { digest: string };
}

/** The config's `Labels` of `repository@digest` or `repository:tag` ({} when it has none). */
export async function imageLabels(client: RegistryClient, ref: string): Promise<Record<string, string>> {
  const reference = parseReference(ref);
  let manifest = JSON.parse((await client.getManifest(reference)).bytes.toString()) as ManifestJson;
  const child = manifest.manifests?.[0];
  if (child !== undefined) {
    manifest = JSON.parse(
      (await client.getManifest({ ...reference, digest: child.digest })).bytes.toString(),
    ) as ManifestJson;
  }
  if (manifest.config === undefined) return {};
  const config = JSON.parse((await getBlob(client, reference, manifest.config.digest)).toString()) as {
    config?: { Labels?: Record<string, string> | null };
  };
  return config.config?.Labels ?? {};
}
