// What a set of pins changes in a kustomization's images list, decided on the yaml Document API.
import { type Document, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
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

export const str = (node: unknown): string | undefined => {
  const value = isScalar(node) ? node.value : node;
  return value === null || value === undefined ? undefined : String(value);
};

export function describeEntry(name: string, entry: YAMLMap): string {
  const repository = str(entry.get('newName', true)) ?? name;
  const tag = str(entry.get('newTag', true));
  const digest = str(entry.get('digest', true));
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

function needsChange(entry: YAMLMap, name: string, desired: Desired): boolean {
  const effectiveName = str(entry.get('newName', true)) ?? name;
  return (
    effectiveName !== (desired.newName ?? name) ||
    str(entry.get('newTag', true)) !== desired.newTag ||
    str(entry.get('digest', true)) !== desired.digest
  );
}

/** Fields to write for a changed entry: newName is removed only when it differs from the wanted repository. */
function fieldsToWrite(entry: YAMLMap | undefined, name: string, desired: Desired): Desired {
  const current = entry === undefined ? undefined : str(entry.get('newName', true));
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

export function plan(
  doc: Document,
  pins: readonly ImagePin[],
): { plans: EntryPlan[]; changes: ImageChange[] } {
  const images = imagesNode(doc);
  const plans: EntryPlan[] = [];
  const changes: ImageChange[] = [];
  for (const pin of pins) {
    const entries = (images?.items ?? []).filter((item) => {
      if (!isMap(item)) throw new KustomizationError("every item of 'images' must be a mapping");
      return str(item.get('name', true)) === pin.name;
    }) as YAMLMap[];
    if (entries.length > 1)
      throw new KustomizationError(`'images' lists '${pin.name}' ${entries.length} times`);
    const entry = entries[0];
    const desired = desiredFields(pin);
    if (entry !== undefined && !needsChange(entry, pin.name, desired)) continue;
    plans.push({ pin, entry, desired: fieldsToWrite(entry, pin.name, desired) });
    changes.push({ name: pin.name, before: entry && describeEntry(pin.name, entry), after: formatPin(pin) });
  }
  return { plans, changes };
}

/** Applies the plans through the Document API (the reference semantics). */
