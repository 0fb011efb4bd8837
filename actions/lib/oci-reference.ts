// Image references as docker and the OCI distribution spec write them:
// `[host[:port]/]path[:tag][@algorithm:hex]`, with Docker Hub's shorthands
// (`alpine` → docker.io/library/alpine, served by registry-1.docker.io).
// Stable API: image-promote and image-publish both build on it.

/** The host Docker Hub's distribution API is served from. */
export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';
/** The canonical domain of Docker Hub names, as `docker.io/library/alpine`. */
export const DOCKER_HUB_DOMAIN = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A parsed image reference. A reference with both tag and digest is resolved by digest. */
export interface ImageReference {
  /** Host (and port) whose `/v2/` API serves the repository, e.g. `ghcr.io`, `127.0.0.1:5000`, `registry-1.docker.io`. */
  readonly registry: string;
  /** Canonical domain of the name: `docker.io` for Docker Hub, otherwise the same as `registry`. */
  readonly domain: string;
  /** Path inside the registry, e.g. `library/alpine`, `team/service`. */
  readonly repository: string;
  /** Tag, when given. */
  readonly tag?: string;
  /** Digest `algorithm:hex`, when given (sha256 or sha512, lowercase hex of the right length). */
  readonly digest?: string;
}

/** A string that is not a valid image reference; the message says what is wrong. */
export class InvalidReferenceError extends Error {
  constructor(
    readonly reference: string,
    /** What is wrong, without the reference. */
    readonly reason: string,
  ) {
    super(`'${reference}' is not a valid image reference: ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`,
);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** The tag grammar of the distribution spec: 1–128 characters, word characters, `.` and `-`, not starting with `.` or `-`. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha512: 128 };
const MAX_NAME_LENGTH = 255;

/** True when `tag` matches the distribution spec's tag grammar ({@link TAG_PATTERN}). */
export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** Why `digest` is not a supported `algorithm:hex` digest, or undefined when it is. */
export function digestProblem(digest: string): string | undefined {
  const at = digest.indexOf(':');
  const algorithm = digest.slice(0, at);
  const hex = digest.slice(at + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (at < 0 || length === undefined) return `digest '${digest}' must start with sha256: or sha512:`;
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(hex)) {
    return `digest '${digest}' must have ${length} lowercase hex characters after '${algorithm}:'`;
  }
  return undefined;
}

/** True when `digest` is `sha256:<64 hex>` or `sha512:<128 hex>` (lowercase). */
export function isValidDigest(digest: string): boolean {
  return digestProblem(digest) === undefined;
}

/**
 * Parses `[host[:port]/]path[:tag][@digest]`. The first path component is a host when it contains
 * `.` or `:`, is `localhost`, or has uppercase letters (as docker decides); otherwise the name is on
 * Docker Hub, where a single component gets the `library/` prefix.
 * @throws InvalidReferenceError naming what is wrong.
 */
export function parseReference(text: string): ImageReference {
  const fail = (reason: string): never => {
    throw new InvalidReferenceError(text, reason);
  };
  if (text === '' || text.trim() !== text) fail('expected host/path[:tag][@sha256:…] without spaces');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) fail(problem);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) {
      fail(`tag '${tag}' must be 1–128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
    }
  }

  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const hasHost =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let domain = hasHost ? first : DOCKER_HUB_DOMAIN;
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (hasHost && !HOST_RE.test(domain)) fail(`'${domain}' is not a valid registry host[:port]`);
  let registry = domain;
  if (DOCKER_HUB_ALIASES.has(domain.toLowerCase())) {
    domain = DOCKER_HUB_DOMAIN;
    registry = DOCKER_HUB_REGISTRY;
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  if (repository === '') fail('the repository path is empty');
  for (const component of repository.split('/')) {
    if (!PATH_COMPONENT_RE.test(component)) {
      fail(
        `path component '${component}' must be lowercase letters and digits, separated by '.', '_', '__' or '-'`,
      );
    }
  }
  if (domain.length + 1 + repository.length > MAX_NAME_LENGTH) {
    fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return {
    registry,
    domain,
    repository,
    ...(tag !== undefined && { tag }),
    ...(digest !== undefined && { digest }),
  };
}

/**
 * Parses a repository without tag or digest (e.g. an `image` input that tags are added to).
 * @throws InvalidReferenceError when the text is not a name or carries a tag or digest.
 */
export function parseRepository(text: string): ImageReference {
  const reference = parseReference(text);
  if (reference.tag !== undefined || reference.digest !== undefined) {
    throw new InvalidReferenceError(text, 'expected a repository without :tag or @digest');
  }
  return reference;
}

/** `domain/repository`, e.g. `docker.io/library/alpine` or `127.0.0.1:5000/team/app`. */
export function repositoryName(reference: ImageReference): string {
  return `${reference.domain}/${reference.repository}`;
}

/** The reference written out canonically: `domain/repository[:tag][@digest]`. */
export function formatReference(reference: ImageReference): string {
  return (
    repositoryName(reference) +
    (reference.tag !== undefined ? `:${reference.tag}` : '') +
    (reference.digest !== undefined ? `@${reference.digest}` : '')
  );
}

/** The same repository at another tag (no digest). */
export function withTag(reference: ImageReference, tag: string): ImageReference {
  const { registry, domain, repository } = reference;
  return { registry, domain, repository, tag };
}

/** The same repository pinned to a digest (no tag). */
export function withDigest(reference: ImageReference, digest: string): ImageReference {
  const { registry, domain, repository } = reference;
  return { registry, domain, repository, digest };
}

/** The tag or digest a manifest request asks for: the digest when both are present. */
export function manifestReference(reference: ImageReference): string {
  const target = reference.digest ?? reference.tag;
  if (target === undefined) {
    throw new InvalidReferenceError(formatReference(reference), 'expected a :tag or an @sha256: digest');
  }
  return target;
}

/** True for `localhost`, `127.0.0.0/8` and `[::1]` (with or without a port). */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.split(':')[0];
  if (host === undefined) return false;
  if (host.toLowerCase() === 'localhost' || host === '[::1]') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/**
 * Base URL of a registry's API: plain HTTP to loopback registries, HTTPS to every other,
 * as docker and crane do by default.
 */
export function registryBaseUrl(registry: string): string {
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}
