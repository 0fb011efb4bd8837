// The promotion itself: resolve once, then PUT the very same bytes under each tag and prove, from the
// registry's own answers, that every tag now names the source digest.
import { formatReference, type ImageReference, withTag } from '../../lib/oci-reference.js';
import type { RegistryClient } from '../../lib/oci-registry.js';

/** The registry calls a promotion needs (a RegistryClient, or anything that speaks the same API). */
export type ManifestStore = Pick<RegistryClient, 'getManifest' | 'headManifest' | 'putManifest'>;

/** One tag the promotion wrote. */
export interface PromotedTag {
  readonly tag: string;
  /** The digest the tag pointed at before, or undefined when the tag is new. */
  readonly previous: string | undefined;
}

export interface PromotionResult {
  readonly source: ImageReference;
  /** Digest of the source manifest or index, which every tag now names. */
  readonly digest: string;
  readonly mediaType: string;
  readonly tags: readonly PromotedTag[];
}

/** The registry stored or serves other bytes than the source's: the promotion must not be trusted. */
export class DigestMismatchError extends Error {
  constructor(target: string, expected: string, actual: string | undefined, where: string) {
    super(
      `${target}: the registry's ${where} is ${actual ?? 'missing'}, expected the source digest ${expected}. ` +
        'The registry changed the manifest bytes; check that it supports this media type unchanged.',
    );
    this.name = 'DigestMismatchError';
  }
}

/**
 * Resolves `source` and adds `tags` to it. Nothing is written until the source is resolved and
 * verified; a failure part-way names the tags already added.
 */
export async function promote(
  store: ManifestStore,
  source: ImageReference,
  tags: readonly string[],
  log: (line: string) => void = () => {},
): Promise<PromotionResult> {
  const manifest = await store.getManifest(source);
  log(`${formatReference(source)} is ${manifest.digest} (${manifest.mediaType})`);
  const previous = new Map<string, string | undefined>();
  for (const tag of tags) previous.set(tag, (await store.headManifest(withTag(source, tag)))?.digest);

  const done: PromotedTag[] = [];
  for (const tag of tags) {
    const target = withTag(source, tag);
    const name = formatReference(target);
    try {
      const stored = await store.putManifest(target, manifest);
      // Docker-Content-Digest is optional on a PUT; the HEAD below is the check that always runs.
      if (stored !== undefined && stored !== manifest.digest) {
        throw new DigestMismatchError(name, manifest.digest, stored, 'Docker-Content-Digest after the PUT');
      }
      const served = await store.headManifest(target);
      if (served?.digest !== manifest.digest) {
        throw new DigestMismatchError(name, manifest.digest, served?.digest, 'digest for the tag');
      }
    } catch (error) {
      if (done.length === 0) throw error;
      const added = done.map((t) => t.tag).join(', ');
      throw new Error(`${(error as Error).message} (tags already added: ${added})`, { cause: error });
    }
    done.push({ tag, previous: previous.get(tag) });
    log(`${name} → ${manifest.digest}`);
  }
  return { source, digest: manifest.digest, mediaType: manifest.mediaType, tags: done };
}
