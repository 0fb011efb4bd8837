// `only-newer`: two runs of the main workflow can reach their bump in either order, and the later bump would
// pin the older build. Before each attempt, a pin whose image was built from an ancestor of the commit the
// currently pinned image was built from (their org.opencontainers.image.revision labels, by `git merge-base
// --is-ancestor`) is dropped, and the newer pin stays. It runs on the tip's file at every attempt, so a
// newer run that landed meanwhile is seen. Only builds of one repository are ordered: a pin of another
// repository (a placeholder, a registry move) is replaced without asking that registry. When the order
// cannot be read (no label, or the pinned image is gone from the registry), the pin is applied as asked and
// a note says why.

import { isMap, parseDocument } from 'yaml';
import { RegistryError } from '../../lib/oci-errors.js';
import { REVISION_LABEL } from '../../lib/oci-labels.js';
import { imagesNode, KustomizationError, str } from './image-plan.js';
import { formatPin, type ImagePin } from './images.js';

/** What the ordering needs: the labels of an image, and git's ancestry. */
export interface Ordering {
  /** The image's labels; throws RegistryError when the registry cannot serve it. */
  readonly labels: (ref: string) => Promise<Record<string, string>>;
  /** True when `older` is an ancestor of `newer` (or the same commit); throws when a commit is unknown. */
  readonly isAncestor: (older: string, newer: string) => Promise<boolean>;
}

export interface Selected {
  /** The pins to apply. */
  readonly pins: readonly ImagePin[];
  /** One line per pin dropped or applied without an order. */
  readonly notes: readonly string[];
}

/** The digest each image name is pinned to in the kustomization text, as `repository@digest`. */
function pinnedDigests(text: string): Map<string, string> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new KustomizationError(`the kustomization is not valid YAML: ${doc.errors[0]?.message}`);
  const pinned = new Map<string, string>();
  for (const entry of imagesNode(doc)?.items ?? []) {
    if (!isMap(entry)) continue;
    const name = str(entry.get('name', true), doc);
    const digest = str(entry.get('digest', true), doc);
    if (name === undefined || digest === undefined) continue;
    pinned.set(name, `${str(entry.get('newName', true), doc) ?? name}@${digest}`);
  }
  return pinned;
}

/** Keeps the pins that are not older than what `text` pins; see the header. */
export async function selectNewer(
  text: string,
  pins: readonly ImagePin[],
  ordering: Ordering,
): Promise<Selected> {
  const current = pinnedDigests(text);
  const kept: ImagePin[] = [];
  const notes: string[] = [];
  for (const pin of pins) {
    const pinned = current.get(pin.name);
    const offered = formatPin(pin);
    if (pin.target.kind !== 'digest' || pinned === undefined || pinned === offered) {
      kept.push(pin);
      continue;
    }
    if (!pinned.startsWith(`${pin.repository}@`)) {
      notes.push(
        `${pin.name}: ${pinned} is another repository's image: nothing to order against; pinned as asked`,
      );
      kept.push(pin);
      continue;
    }
    const [from, over] = await Promise.all([revision(ordering, offered), revision(ordering, pinned)]);
    if (from.commit === undefined || over.commit === undefined) {
      notes.push(
        `${pin.name}: cannot order ${offered} against ${pinned} (${from.why ?? over.why}); pinned as asked`,
      );
      kept.push(pin);
    } else if (
      from.commit !== over.commit &&
      (await ancestry(ordering, pin.name, from.commit, over.commit))
    ) {
      notes.push(
        `${pin.name}: kept ${pinned}, built from ${over.commit.slice(0, 12)}, newer than ${offered} (built from ${from.commit.slice(0, 12)})`,
      );
    } else {
      kept.push(pin);
    }
  }
  return { pins: kept, notes };
}

async function revision(ordering: Ordering, ref: string): Promise<{ commit?: string; why?: string }> {
  try {
    const commit = (await ordering.labels(ref))[REVISION_LABEL];
    return commit ? { commit } : { why: `${ref} has no ${REVISION_LABEL} label` };
  } catch (error) {
    // Gone from the registry (an expired build, a hand-written placeholder): nothing to protect.
    if (error instanceof RegistryError && error.status === 404)
      return { why: `${ref} is not in the registry` };
    throw error;
  }
}

async function ancestry(ordering: Ordering, name: string, older: string, newer: string): Promise<boolean> {
  try {
    return await ordering.isAncestor(older, newer);
  } catch (error) {
    throw new KustomizationError(
      `${name}: cannot tell whether ${older} is older than ${newer}, the revisions of the offered and the pinned image: ` +
        `${(error as Error).message.trim()}. Check out the full history (actions/checkout fetch-depth: 0).`,
      { cause: error },
    );
  }
}
