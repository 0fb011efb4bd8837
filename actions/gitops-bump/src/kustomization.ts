// Pins images in a kustomization's `images:` list. The yaml Document API decides what changes and is the
// reference result; the change is then written as text splices (yaml-splice.ts) so every other byte stays as
// it was. If a splice cannot be made or does not parse back to exactly the Document API's result, the
// Document API's own rendering is used.
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type Document, isMap, parseDocument, type YAMLMap } from 'yaml';
import {
  describeEntry,
  type EntryPlan,
  type Field,
  type ImageChange,
  imagesNode,
  KustomizationError,
  plan,
  str,
} from './image-plan.js';
import type { ImagePin } from './images.js';
import { spliceAll, Unsupported } from './yaml-splice.js';

export { type ImageChange, KustomizationError } from './image-plan.js';

/** The file names kustomize accepts, in its order of preference. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export interface PinResult {
  /** The new file text; equal to the input when nothing changed. */
  readonly text: string;
  /** Only the images whose entry changed or was added. */
  readonly changes: readonly ImageChange[];
  /**
   * How the text was produced: `splice` keeps every other byte; `document` is the yaml library's rendering
   * of the whole file (same content, spacing elsewhere may be normalised); `unchanged` when nothing changed.
   */
  readonly rendering: 'splice' | 'document' | 'unchanged';
  /** What people should know about the edit, e.g. a YAML alias replaced by its own value. */
  readonly notes: readonly string[];
}

/**
 * Refuses a kustomization file in the work tree that is a symbolic link: its real path could be anywhere,
 * even outside the workspace, and gitops-bump reads and writes only the regular file itself.
 */
export function refuseSymlinks(dir: string): void {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    const stat = lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(file);
      } catch {
        target = readlinkSync(file);
      }
      throw new KustomizationError(
        `${file} is a symbolic link (to ${target}); gitops-bump edits only a regular kustomization file, never a link's target`,
      );
    }
  }
}

/** The kustomization of a directory as a commit holds it (see Git.snapshot), checked like the work tree's. */
export interface CommittedKustomization {
  readonly name: string;
  readonly mode: string;
  readonly oid: string;
  readonly text: string;
}

/** Picks the one kustomization file among a committed directory's entries; `where` names the commit for messages. */
export function committedKustomization(
  dir: string,
  entries: ReadonlyMap<string, { mode: string; oid: string }> | undefined,
  files: ReadonlyMap<string, { oid: string; text: string }>,
  where: string,
): CommittedKustomization {
  if (entries === undefined)
    throw new KustomizationError(`${where} has no directory ${dir}: is 'path' a Kustomize directory there?`);
  const present = KUSTOMIZATION_FILES.filter((name) => entries.has(name));
  if (present.length === 0) {
    throw new KustomizationError(
      `no ${KUSTOMIZATION_FILES.join(', ')} in ${dir} on ${where}: is 'path' a Kustomize directory?`,
    );
  }
  if (present.length > 1) {
    throw new KustomizationError(
      `${dir} has ${present.join(' and ')} on ${where}; kustomize accepts only one of them`,
    );
  }
  const name = present[0] as string;
  const entry = entries.get(name) as { mode: string; oid: string };
  const file = files.get(name);
  if (entry.mode === '120000') {
    throw new KustomizationError(
      `${dir}/${name} is a symbolic link on ${where}; gitops-bump edits only a regular kustomization file, never a link's target`,
    );
  }
  if ((entry.mode !== '100644' && entry.mode !== '100755') || file === undefined)
    throw new KustomizationError(`${dir}/${name} is not a regular file on ${where}`);
  return { name, mode: entry.mode, oid: file.oid, text: file.text };
}

/** The kustomization file in `dir`; throws when there is none or more than one (kustomize refuses those too). */
export function findKustomization(dir: string): string {
  refuseSymlinks(dir);
  const present = KUSTOMIZATION_FILES.filter((file) => existsSync(join(dir, file)));
  // On case-insensitive file systems 'Kustomization' and 'kustomization.yaml' are distinct names anyway.
  if (present.length === 0) {
    throw new KustomizationError(
      `no ${KUSTOMIZATION_FILES.join(', ')} in ${dir}: is 'path' a Kustomize directory?`,
    );
  }
  if (present.length > 1) {
    throw new KustomizationError(`${dir} has ${present.join(' and ')}; kustomize accepts only one of them`);
  }
  return join(dir, present[0] as string);
}

/** Applies the plans through the Document API: the rendering used when a splice cannot be made. */
function applyWithDocument(doc: Document, plans: readonly EntryPlan[]): void {
  const map = doc.contents as YAMLMap;
  for (const { pin, entry, desired } of plans) {
    if (entry !== undefined) {
      for (const [field, value] of Object.entries(desired) as Array<[Field, string | undefined]>) {
        if (value === undefined) entry.delete(field);
        else if (str(entry.get(field, true), doc) !== value) entry.set(field, value);
      }
      continue;
    }
    const images = imagesNode(doc);
    const added = Object.fromEntries(
      Object.entries({ name: pin.name, ...desired }).filter(([, v]) => v !== undefined),
    );
    if (images === undefined) map.set('images', doc.createNode([added]));
    else images.add(doc.createNode(added));
  }
}

function parse(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) throw new KustomizationError(`the kustomization is not valid YAML: ${error.message}`);
  return doc;
}

/**
 * Pins `pins` in a kustomization's text. Existing entries (matched by `name`) get `newName` and `digest`
 * (dropping `newTag`) or `newTag` (dropping `digest`); images without an entry are appended to the list.
 * Returns the text unchanged, with no changes, when every image is already pinned as asked.
 */
export function pinImages(source: string, pins: readonly ImagePin[]): PinResult {
  // A file written with CRLF throughout is edited as LF and written back with CRLF.
  if (source.includes('\r\n') && !/(^|[^\r])\n/.test(source)) {
    const result = pinLf(source.replace(/\r\n/g, '\n'), pins);
    return result.rendering === 'unchanged'
      ? { ...result, text: source }
      : { ...result, text: result.text.replace(/\n/g, '\r\n') };
  }
  return pinLf(source, pins);
}

/**
 * What the kustomization must mean after the edit, as plain data: the document's own data with the plans
 * applied to it, the same semantics as applyWithDocument without parsing the file a second time.
 */
function expectedData(doc: Document, plans: readonly EntryPlan[]): unknown {
  const data = doc.toJS() as Record<string, unknown>;
  const items = imagesNode(doc)?.items ?? [];
  const list = Array.isArray(data.images) ? (data.images as Array<Record<string, unknown>>) : [];
  for (const { pin, entry, desired } of plans) {
    if (entry !== undefined) {
      const item = list[items.indexOf(entry)] as Record<string, unknown>;
      for (const [field, value] of Object.entries(desired)) {
        if (value === undefined) delete item[field];
        else item[field] = value;
      }
    } else {
      list.push(
        Object.fromEntries(Object.entries({ name: pin.name, ...desired }).filter(([, v]) => v !== undefined)),
      );
    }
  }
  data.images = list;
  return data;
}

function pinLf(source: string, pins: readonly ImagePin[]): PinResult {
  const doc = parse(source);
  const { plans, changes, notes } = plan(doc, pins);
  if (plans.length === 0) return { text: source, changes, rendering: 'unchanged', notes };
  try {
    const spliced = spliceAll(source, doc, plans);
    const check = parseDocument(spliced);
    if (check.errors.length === 0 && isDeepStrictEqual(check.toJS(), expectedData(doc, plans)))
      return { text: spliced, changes, rendering: 'splice', notes };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  const reference = parse(source);
  applyWithDocument(reference, plan(reference, pins).plans);
  const indentSeq = !/^[ \t]*\S[^\n]*:[ \t]*(?:#[^\n]*)?\n- /m.test(source);
  return { text: reference.toString({ lineWidth: 0, indentSeq }), changes, rendering: 'document', notes };
}

/** Reads, pins and reports; does not write. */
export function pinImagesInFile(file: string, pins: readonly ImagePin[]): PinResult & { before: string } {
  const before = readFileSync(file, 'utf8');
  return { before, ...pinImages(before, pins) };
}

/** Images whose entry differs from `base` to `head` (added ones have no `before`): what a pull request changes. */
export function diffImages(base: string, head: string): ImageChange[] {
  const entries = (text: string) => {
    const doc = parse(text);
    const images = imagesNode(doc);
    return new Map(
      (images?.items ?? []).filter(isMap).map((entry) => {
        const name = str(entry.get('name', true), doc) ?? '';
        return [name, describeEntry(name, entry, doc)] as const;
      }),
    );
  };
  const before = entries(base);
  return [...entries(head)]
    .filter(([name, after]) => before.get(name) !== after)
    .map(([name, after]) => ({ name, before: before.get(name), after }));
}
