// Writes planned image changes as small text splices at the nodes' source ranges, so every other byte of
// the file (comments, quoting, indentation, blank lines) stays as it was. Throws Unsupported for layouts it
// does not handle; the caller then falls back to the Document API's rendering.
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  Scalar,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { type Desired, type EntryPlan, type Field, imagesNode, other, str } from './image-plan.js';
import type { ImagePin } from './images.js';

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** A reason the splice path does not apply; the Document rendering is used instead. */
export class Unsupported extends Error {}

const lineStart = (src: string, at: number) => src.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (src: string, at: number) => {
  const nl = src.indexOf('\n', at);
  return nl === -1 ? src.length : nl;
};

function range(node: unknown): [number, number, number] {
  const r = (node as Node | undefined)?.range;
  if (!r) throw new Unsupported('node without a source range');
  return r;
}

/** Where a node's own text ends: a block collection's range also covers the blank lines after it. */
function contentEnd(node: unknown): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items.at(-1) as unknown;
    if (isMap(node))
      return contentEnd(
        (last as { value?: unknown; key?: unknown }).value ?? (last as { key?: unknown }).key,
      );
    return contentEnd(last);
  }
  return range(node)[1];
}

/** A scalar in the style of the one it replaces (quoted stays quoted), or plain when YAML reads it back as text. */
function renderScalar(value: string, old?: unknown): string {
  const type = isScalar(old) ? old.type : undefined;
  if (type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (type === Scalar.QUOTE_SINGLE) return `'${value}'`;
  if (type !== undefined && type !== Scalar.PLAIN) throw new Unsupported(`a ${type} scalar`);
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function spliceEntry(src: string, doc: Document, entry: YAMLMap, desired: Desired): Splice[] {
  const splices: Splice[] = [];
  const pairs = entry.items;
  const pairOf = (field: Field) => pairs.find((p) => isScalar(p.key) && p.key.value === field);
  const additions = (Object.keys(desired) as Field[]).filter((f) => desired[f] !== undefined && !pairOf(f));
  const removals = (Object.keys(desired) as Field[]).filter((f) => desired[f] === undefined && pairOf(f));
  for (const field of Object.keys(desired) as Field[]) {
    const value = desired[field];
    const pair = pairOf(field);
    if (value !== undefined && pair && str(pair.value, doc) !== value) {
      const [start, end] = range(pair.value);
      splices.push({ start, end, text: renderScalar(value, pair.value) });
    }
  }
  // Switching between newTag and digest rewrites that one line in place (its comment stays).
  const swap = (['newTag', 'digest'] as const).find(
    (f) => additions.includes(f) && removals.includes(other(f)),
  );
  if (swap !== undefined) {
    const pair = pairOf(other(swap));
    additions.splice(additions.indexOf(swap), 1);
    removals.splice(removals.indexOf(other(swap)), 1);
    const [start, end] = [range(pair?.key)[0], range(pair?.value)[1]];
    splices.push({ start, end, text: `${swap}: ${renderScalar(desired[swap] as string)}` });
  }
  for (const field of removals) {
    const pair = pairOf(field);
    const index = pair ? pairs.indexOf(pair) : -1;
    const [keyStart] = range(pair?.key);
    const [, valueEnd] = range(pair?.value);
    if (entry.flow) {
      if (index < 1) throw new Unsupported('removing the first pair of a flow mapping');
      splices.push({ start: range(pairs[index - 1]?.value)[1], end: valueEnd, text: '' });
    } else {
      const start = lineStart(src, keyStart);
      if (src.slice(start, keyStart).trim() !== '') throw new Unsupported('a pair that shares its line');
      splices.push({ start, end: Math.min(src.length, lineEnd(src, valueEnd) + 1), text: '' });
    }
  }
  for (const field of additions) {
    // newName goes right after `name`, as kustomize writes it; the others after the last pair that stays.
    const kept = pairs.filter((p) => !(isScalar(p.key) && removals.includes(p.key.value as Field)));
    const after = field === 'newName' ? (pairOf('name' as Field) ?? kept.at(-1)) : kept.at(-1);
    const afterEnd = contentEnd(after?.value ?? after?.key);
    const text = `${field}: ${renderScalar(desired[field] as string)}`;
    if (entry.flow) {
      splices.push({ start: afterEnd, end: afterEnd, text: `, ${text}` });
    } else {
      const [firstKeyStart] = range(pairs[0]?.key);
      const at = lineEnd(src, afterEnd);
      splices.push({
        start: at,
        end: at,
        text: `\n${' '.repeat(firstKeyStart - lineStart(src, firstKeyStart))}${text}`,
      });
    }
  }
  return splices;
}

/** The `- ` prefix (with its indentation) of a block sequence's items. */
function itemPrefix(src: string, seq: YAMLSeq): string {
  const [start] = range(seq.items[0]);
  const prefix = src.slice(lineStart(src, start), start);
  if (!/^ *- +$/.test(prefix)) throw new Unsupported('a sequence item not on its dash line');
  return prefix;
}

function renderEntry(prefix: string, pin: ImagePin, desired: Desired): string {
  const indent = ' '.repeat(prefix.length);
  const fields = (Object.keys(desired) as Field[]).filter((f) => desired[f] !== undefined);
  return [
    `${prefix}name: ${renderScalar(pin.name)}`,
    ...fields.map((f) => `${indent}${f}: ${renderScalar(desired[f] as string)}`),
  ].join('\n');
}

/** Removes the `[]`, `~` or `null` after `images:`; nothing for a key with no value at all. */
function emptyValueSplices(src: string, key: unknown, value: unknown): Splice[] {
  const keyEnd = range(key)[1];
  const lineEndAt = lineEnd(src, keyEnd);
  const [start, end] = isScalar(value) || isSeq(value) ? range(value) : [keyEnd, keyEnd];
  if (start > lineEndAt) throw new Unsupported('an empty images value on a later line');
  if (end <= start || src.slice(start, end).trim() === '') return [];
  const rest = src.slice(end, lineEndAt);
  if (rest.trim() === '') {
    // Nothing follows: drop the value and the spaces before it (`images: []` becomes `images:`).
    const colon = src.lastIndexOf(':', start);
    return [{ start: colon + 1, end: lineEndAt, text: '' }];
  }
  return [{ start, end: src[end] === ' ' ? end + 1 : end, text: '' }];
}

export function spliceAll(src: string, doc: Document, plans: readonly EntryPlan[]): string {
  const images = imagesNode(doc);
  const splices = plans
    .filter((p) => p.entry)
    .flatMap((p) => spliceEntry(src, doc, p.entry as YAMLMap, p.desired));
  const appended = plans.filter((p) => !p.entry);
  if (appended.length > 0) {
    const contents = doc.contents as YAMLMap;
    const sibling = contents.items.map((p) => p.value).find((v) => isSeq(v) && !v.flow && v.items.length > 0);
    // A new list follows the file's own sequence style (kustomize writes `- ` at the key's column).
    const prefix = sibling ? itemPrefix(src, sibling as YAMLSeq) : '- ';
    const block = appended.map((p) => renderEntry(prefix, p.pin, p.desired)).join('\n');
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === 'images');
    if ((images?.flow && images.items.length === 0) || (images === undefined && pair !== undefined)) {
      // `images: []` as templates often have, or `images:` with no value: the list goes under the key's line,
      // whose comment stays where it is; `[]` (or `~`) goes, with one space after it when a comment follows.
      splices.push(...emptyValueSplices(src, pair?.key, pair?.value));
      const at = lineEnd(src, range(pair?.key)[1]);
      splices.push({ start: at, end: at, text: `\n${block}` });
    } else if (images !== undefined) {
      if (images.flow) throw new Unsupported('a flow images list');
      const prefix = itemPrefix(src, images);
      const at = lineEnd(src, contentEnd(images.items.at(-1)));
      splices.push({
        start: at,
        end: at,
        text: appended.map((p) => `\n${renderEntry(prefix, p.pin, p.desired)}`).join(''),
      });
    } else {
      const text = `images:\n${block}\n`;
      splices.push({
        start: src.length,
        end: src.length,
        text: src === '' || src.endsWith('\n') ? text : `\n${text}`,
      });
    }
  }
  let out = src;
  // From the end, so earlier offsets stay valid; at one offset the later insertion goes in first.
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  for (const s of ordered) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
