// Parses the `images` input with the actions' one image-reference grammar (actions/lib/oci-reference.ts):
// nothing that passes can carry whitespace, quotes, `#`, `:` followed by a space, `$`, backticks or newlines,
// so a pin can never inject YAML into the kustomization nor anything into a shell.
import { InputError, parseLines } from '../../lib/inputs.js';
import {
  type ImageReference,
  InvalidReferenceError,
  parseReference as parseOciReference,
  parseRepository,
} from '../../lib/oci-reference.js';

/** Where an image now points: an immutable digest or a tag. */
export type ImageTarget = { kind: 'digest'; digest: string } | { kind: 'tag'; tag: string };

/** One line of the `images` input. */
export interface ImagePin {
  /** The image name the manifests use (the kustomize images entry's `name`). */
  readonly name: string;
  /** Repository to pull from (becomes `newName` when it differs from `name`). */
  readonly repository: string;
  readonly target: ImageTarget;
}

const EXPECTED_LINE =
  'one image per line as name=repository@sha256:<64 lowercase hex digits> or name=repository:tag ' +
  '(name and repository in the distribution reference grammar)';

/** A name in the reference grammar, as written (no Docker Hub expansion: kustomize matches names literally). */
function isName(value: string): boolean {
  try {
    parseRepository(value);
    return true;
  } catch (error) {
    if (error instanceof InvalidReferenceError) return false;
    throw error;
  }
}

/**
 * `repository@sha256:…` or `repository:tag`, checked by the one reference grammar (actions/lib/oci-reference.ts);
 * undefined when the text is neither. The repository is kept as written, since it becomes `newName`.
 */
export function parseReference(reference: string): { repository: string; target: ImageTarget } | undefined {
  let parsed: ImageReference;
  try {
    parsed = parseOciReference(reference);
  } catch (error) {
    if (error instanceof InvalidReferenceError) return undefined;
    throw error;
  }
  // `repo:tag@digest` is refused: the pin must say one thing, not two that may disagree. Kustomize's `digest`
  // field and the action's contract take sha256 only.
  if (parsed.digest !== undefined) {
    if (parsed.tag !== undefined || !parsed.digest.startsWith('sha256:')) return undefined;
    return {
      repository: reference.slice(0, -(parsed.digest.length + 1)),
      target: { kind: 'digest', digest: parsed.digest },
    };
  }
  if (parsed.tag === undefined) return undefined;
  return {
    repository: reference.slice(0, -(parsed.tag.length + 1)),
    target: { kind: 'tag', tag: parsed.tag },
  };
}

/** Parses every line of the `images` input; throws an InputError naming `images` on the first bad one. */
export function parseImages(raw: string): ImagePin[] {
  const lines = parseLines(raw);
  if (lines.length === 0) throw new InputError('images', EXPECTED_LINE);
  const pins: ImagePin[] = [];
  for (const line of lines) {
    const eq = line.indexOf('=');
    const name = eq === -1 ? '' : line.slice(0, eq).trim();
    const reference = parseReference(eq === -1 ? '' : line.slice(eq + 1).trim());
    if (!isName(name) || reference === undefined) throw new InputError('images', EXPECTED_LINE, line);
    if (pins.some((pin) => pin.name === name))
      throw new InputError('images', 'each image name at most once', line);
    pins.push({ name, ...reference });
  }
  return pins;
}

/** `repository@digest` or `repository:tag`, as people read it in summaries. */
export function formatPin(pin: Pick<ImagePin, 'repository' | 'target'>): string {
  return pin.target.kind === 'digest'
    ? `${pin.repository}@${pin.target.digest}`
    : `${pin.repository}:${pin.target.tag}`;
}
