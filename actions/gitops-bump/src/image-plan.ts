// What a set of pins changes in a kustomization's images list, decided on the yaml Document API.
import { type Document, isAlias, isMap, isScalar, isSeq, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatPin, type ImagePin } from './images.js';

/** What changed for one image; `before` is undefined when the list had no entry for it. */
export interface ImageChange {
  readonly name: string;
  readonly before: string | undefined;
  readonly after: string;
}

/** A kustomization that cannot be edited safely (bad YAML, images not a list, duplicate entries). */
export class KustomizationError extends Error {
  override name = 'KustomizationError';
}

export type Field = 'newName' | 'newTag' | 'digest';
export const other = (field: 'newTag' | 'digest') => (field === 'newTag' ? 'digest' : 'newTag');
/** Desired value per field; undefined removes the field. */
export type Desired = Record<Field, string | undefined>;

export interface EntryPlan {
  pin: ImagePin;
  /** The existing entry, or undefined to append one. */
  entry: YAMLMap | undefined;
  desired: Desired;
}

/** A scalar's text; an alias is read through to its anchored node when the document is given. */
export const str = (node: unknown, doc?: Document): string | undefined => {
  const target = isAlias(node) && doc !== undefined ? node.resolve(doc) : node;
  const value = isScalar(target) ? target.value : target;
  return value === null || value === undefined ? undefined : String(value);
};

export function describeEntry(name: string, entry: YAMLMap, doc?: Document): string {
  const repository = str(entry.get('newName', true), doc) ?? name;
  const tag = str(entry.get('newTag', true), doc);
  const digest = str(entry.get('digest', true), doc);
  return `${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
}

function desiredFields(pin: ImagePin): Desired {
  return {
    // newName only when it says something: kustomize keeps the name when newName is absent.
    newName: pin.repository === pin.name ? undefined : pin.repository,
    newTag: pin.target.kind === 'tag' ? pin.target.tag : undefined,
    digest: pin.target.kind === 'digest' ? pin.target.digest : undefined,
  };
}

function needsChange(doc: Document, entry: YAMLMap, name: string, desired: Desired): boolean {
  const effectiveName = str(entry.get('newName', true), doc) ?? name;
  return (
    effectiveName !== (desired.newName ?? name) ||
    str(entry.get('newTag', true), doc) !== desired.newTag ||
    str(entry.get('digest', true), doc) !== desired.digest
  );
}

/** Fields to write for a changed entry: newName is removed only when it differs from the wanted repository. */
function fieldsToWrite(doc: Document, entry: YAMLMap | undefined, name: string, desired: Desired): Desired {
  const current = entry === undefined ? undefined : str(entry.get('newName', true), doc);
  const keepName =
    current === undefined
      ? desired.newName
      : (desired.newName ?? name) === current
        ? current
        : desired.newName;
  return { ...desired, newName: keepName };
}

export function imagesNode(doc: Document): YAMLSeq | undefined {
  if (!isMap(doc.contents)) throw new KustomizationError('the kustomization is not a YAML mapping');
  const node = doc.contents.get('images', true);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isSeq(node)) throw new KustomizationError("the kustomization's 'images' is not a list");
  return node;
}

/** Anchors some alias in the document refers to: editing such a node would silently change the alias too. */
function aliasedAnchors(doc: Document): Set<string> {
  const used = new Set<string>();
  visit(doc, {
    Alias(_, node) {
      used.add(node.source);
    },
  });
  return used;
}

/**
 * Refuses an edit that would reach other entries through a YAML anchor (`newTag: &t v1` that another entry
 * reads as `*t`, or an anchored entry merged into another); returns a note for each edited field that was an
 * alias, which the edit replaces with its own value (de-aliasing just this image).
 */
function checkAnchors(
  doc: Document,
  used: ReadonlySet<string>,
  name: string,
  entry: YAMLMap,
  desired: Desired,
): string[] {
  const shared = (anchor: string | undefined, what: string) => {
    if (anchor !== undefined && used.has(anchor)) {
      throw new KustomizationError(
        `'${name}' ${what} is the YAML anchor &${anchor} that other entries use (*${anchor}): editing it would ` +
          'change them too. Give each image its own value in the kustomization, then run again.',
      );
    }
  };
  shared(entry.anchor, 'entry');
  const notes: string[] = [];
  for (const field of Object.keys(desired) as Field[]) {
    const node = entry.get(field, true);
    if (node === undefined || str(node, doc) === desired[field]) continue;
    if (isAlias(node)) {
      notes.push(`'${name}' ${field} was the YAML alias *${node.source}; it now has its own value`);
    } else if (isScalar(node)) {
      shared(node.anchor, field);
    }
  }
  return notes;
}

export function plan(
  doc: Document,
  pins: readonly ImagePin[],
): { plans: EntryPlan[]; changes: ImageChange[]; notes: string[] } {
  const images = imagesNode(doc);
  const used = aliasedAnchors(doc);
  if (images?.anchor !== undefined && used.has(images.anchor))
    throw new KustomizationError(
      `'images' is the YAML anchor &${images.anchor} that is used elsewhere (*${images.anchor}): editing it would change that too`,
    );
  const plans: EntryPlan[] = [];
  const changes: ImageChange[] = [];
  const notes: string[] = [];
  for (const pin of pins) {
    const entries = (images?.items ?? []).filter((item) => {
      if (!isMap(item)) throw new KustomizationError("every item of 'images' must be a mapping");
      return str(item.get('name', true), doc) === pin.name;
    }) as YAMLMap[];
    if (entries.length > 1)
      throw new KustomizationError(`'images' lists '${pin.name}' ${entries.length} times`);
    const entry = entries[0];
    const desired = desiredFields(pin);
    if (entry !== undefined && !needsChange(doc, entry, pin.name, desired)) continue;
    const fields = fieldsToWrite(doc, entry, pin.name, desired);
    if (entry !== undefined) notes.push(...checkAnchors(doc, used, pin.name, entry, fields));
    plans.push({ pin, entry, desired: fields });
    changes.push({
      name: pin.name,
      before: entry && describeEntry(pin.name, entry, doc),
      after: formatPin(pin),
    });
  }
  return { plans, changes, notes };
}
