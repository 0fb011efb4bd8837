// Every input read and validated once, before any request: a bad input adds no tag.
import * as core from '@actions/core';
import * as z from 'zod/mini';
import {
  InputError,
  type InputReader,
  optionalInput,
  parseList,
  requiredInput,
  runnerInputs,
} from '../../lib/inputs.js';
import type { Credentials } from '../../lib/oci-auth.js';
import {
  type ImageReference,
  InvalidReferenceError,
  parseReference,
  TAG_PATTERN,
} from '../../lib/oci-reference.js';

/** The action's settings, parsed from its inputs. */
export interface Settings {
  /** The image to promote; it has a tag or a digest (resolved by digest when it has both). */
  readonly source: ImageReference;
  /** Tags to add, deduplicated, in input order. */
  readonly tags: readonly string[];
  /** Both registry-username and registry-password, or undefined for anonymous access. */
  readonly credentials?: Credentials;
}

const SOURCE_FORM = 'host/repository:tag or host/repository@sha256:<64 hex>';
const TAG_FORM = "tags of 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
const MAX_TAGS = 100;

// zod/mini: the same checks as zod at a few kB of bundle instead of ~750 kB (cold start matters here).
const tagList = z.array(z.string().check(z.regex(TAG_PATTERN))).check(z.minLength(1), z.maxLength(MAX_TAGS));

function readCredentials(read: InputReader): Credentials | undefined {
  const password = optionalInput(read, 'registry-password');
  // Masked before anything else can print it, even in an error below.
  if (password !== undefined) core.setSecret(password);
  const username = optionalInput(read, 'registry-username');
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined)
    throw new InputError('registry-username', 'a username when registry-password is set');
  if (password === undefined)
    throw new InputError('registry-password', 'a password when registry-username is set');
  return { username, password };
}

function readSource(read: InputReader): ImageReference {
  const raw = requiredInput(read, 'source', SOURCE_FORM);
  let source: ImageReference;
  try {
    source = parseReference(raw);
  } catch (error) {
    if (error instanceof InvalidReferenceError) {
      throw new InputError('source', `${SOURCE_FORM} (${error.reason})`, raw);
    }
    throw error;
  }
  if (source.tag === undefined && source.digest === undefined) {
    // No implicit :latest: a promotion must name exactly what it promotes.
    throw new InputError('source', `${SOURCE_FORM} (a :tag or @digest is required)`, raw);
  }
  return source;
}

function readTags(read: InputReader): string[] {
  const raw = requiredInput(read, 'tags', `${TAG_FORM}, one per line or comma-separated`);
  const parsed = tagList.safeParse(parseList(raw));
  if (parsed.success) return [...new Set(parsed.data)];
  const issue = parsed.error.issues[0];
  const index = issue?.path[0];
  const bad = typeof index === 'number' ? parseList(raw)[index] : undefined;
  if (bad !== undefined) throw new InputError('tags', TAG_FORM, bad);
  throw new InputError('tags', `1 to ${MAX_TAGS} ${TAG_FORM}`, raw);
}

/** Reads and validates all inputs; throws an InputError naming the input on the first bad one. */
export function readSettings(read: InputReader = runnerInputs): Settings {
  const credentials = readCredentials(read);
  const source = readSource(read);
  const tags = readTags(read);
  return { source, tags, ...(credentials && { credentials }) };
}
