// Parses the `images` input. The grammar is the distribution reference grammar, strictly: nothing that
// passes can carry whitespace, quotes, `#`, `:` followed by a space, `$`, backticks or newlines, so a pin can
// never inject YAML into the kustomization nor anything into a shell.
import { InputError, parseLines } from '../../lib/inputs.js';

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

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]{1,5})?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const imageName = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const NAME = new RegExp(`^${imageName}$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME = 255;

const EXPECTED_LINE =
  'one image per line as name=repository@sha256:<64 lowercase hex digits> or name=repository:tag ' +
  '(name and repository in the distribution reference grammar)';

function isName(value: string): boolean {
  return value.length <= MAX_NAME && NAME.test(value);
}

/** `repository@sha256:…` or `repository:tag`; undefined when the text is neither. */
export function parseReference(reference: string): { repository: string; target: ImageTarget } | undefined {
  const at = reference.indexOf('@');
  if (at !== -1) {
    const repository = reference.slice(0, at);
    const digest = reference.slice(at + 1);
    // `repo:tag@digest` is rejected too: the pin must say one thing, not two that may disagree.
    return isName(repository) && DIGEST.test(digest)
      ? { repository, target: { kind: 'digest', digest } }
      : undefined;
  }
  const colon = reference.lastIndexOf(':');
  if (colon === -1 || reference.indexOf('/', colon) !== -1) return undefined;
  const repository = reference.slice(0, colon);
  const tag = reference.slice(colon + 1);
  return isName(repository) && TAG.test(tag) ? { repository, target: { kind: 'tag', tag } } : undefined;
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
