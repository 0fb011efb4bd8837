// Which tags an event earns. Pure: the GitHub context in, tags and the image version out.
import semver from 'semver';
import { TAG_PATTERN } from '../../lib/oci-reference.js';

/** The parts of `@actions/github`'s `context` that tag computation reads. */
export interface EventContext {
  eventName: string;
  /** `GITHUB_REF`, e.g. `refs/heads/main`, `refs/tags/v1.2.3`, `refs/pull/2/merge`. */
  ref: string;
  /** `GITHUB_SHA`: the commit being built. */
  sha: string;
  payload: {
    repository?: { default_branch?: string; html_url?: string; name?: string } | undefined;
    pull_request?: { number?: number } | undefined;
    number?: number;
    deleted?: boolean;
    [key: string]: unknown;
  };
}

/** Tags computed from the event, most specific first. */
export interface EventTags {
  /** Docker tags (without the repository), deduplicated, in a stable order. */
  tags: string[];
  /** The most specific tag: `X.Y.Z`, the git tag, the branch, `pr-N`, else `sha-<7>`. */
  version: string;
}

/** How tags are chosen. */
export interface TagOptions {
  /**
   * Keep only tags that name one build forever (`sha-<7>`, a git tag's full version or name), for
   * registries that refuse to move a tag: a second push of `latest` or `main` there fails the job.
   * @defaultValue false
   */
  immutableOnly?: boolean;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
// Tags this module computes itself; a branch with one of these names is prefixed so that it can never
// pose as `latest` (or as another commit's sha tag) on a non-default branch.
const RESERVED = /^(latest|sha-[0-9a-f]{7}|pr-\d+)$/;

/** A git ref name made into a valid Docker tag: `feature/x` → `feature-x`. */
export function sanitizeTag(name: string): string {
  const tag = name
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
  if (!TAG_PATTERN.test(tag)) throw new Error(`The ref name '${name}' cannot be made into a Docker tag.`);
  return tag;
}

/** `X.Y.Z`, `X.Y`, `X` for a release `vX.Y.Z`; only the full version for a prerelease; null for non-semver. */
export function semverTags(name: string): string[] | null {
  if (!/^v?\d/.test(name)) return null;
  const version = semver.parse(name);
  if (version === null) return null;
  // '+' (build metadata) is not allowed in a Docker tag; '_' keeps builds of one version apart.
  const full = version.build.length > 0 ? `${version.version}_${version.build.join('.')}` : version.version;
  if (version.prerelease.length > 0 || version.build.length > 0) return [full];
  return [full, `${version.major}.${version.minor}`, `${version.major}`];
}

function shaTag(sha: string): string {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
    throw new Error(
      `GITHUB_SHA is '${sha}': expected a full commit SHA. Run this action inside a GitHub Actions job.`,
    );
  }
  return `sha-${sha.slice(0, 7)}`;
}

/**
 * The tags an event earns:
 * - always `sha-<7>` of the commit;
 * - pull requests: `pr-<number>`;
 * - a tag ref `vX.Y.Z`: `X.Y.Z`, `X.Y`, `X` (a prerelease only its full version); another tag: its name;
 * - a branch ref: the branch name, plus `latest` only on a push to the repository's default branch.
 * With `immutableOnly`, the moving ones (`pr-<n>`, `X.Y`, `X`, branch names, `latest`) are left out.
 */
export function computeTags(context: EventContext, options: TagOptions = {}): EventTags {
  const sha = shaTag(context.sha);
  const { payload, ref } = context;
  if (payload.deleted === true) {
    throw new Error(`The ${context.eventName} event deleted '${ref}': there is nothing to build.`);
  }
  const specific: string[] = [];
  const moving = !options.immutableOnly;
  if (PULL_REQUEST_EVENTS.has(context.eventName)) {
    const number = payload.pull_request?.number ?? payload.number;
    if (typeof number !== 'number')
      throw new Error('The pull_request event payload has no pull request number.');
    if (moving) specific.push(`pr-${number}`);
  } else if (ref.startsWith('refs/tags/')) {
    const name = ref.slice('refs/tags/'.length);
    const named = semverTags(name) ?? [sanitizeTag(name)];
    specific.push(...(moving ? named : named.slice(0, 1)));
  } else if (ref.startsWith('refs/heads/') && moving) {
    const branch = ref.slice('refs/heads/'.length);
    const tag = sanitizeTag(branch);
    specific.push(RESERVED.test(tag) ? `branch-${tag}` : tag);
    const defaultBranch = payload.repository?.default_branch;
    if (context.eventName === 'push' && defaultBranch !== undefined && branch === defaultBranch) {
      specific.push('latest');
    }
  }
  const tags = [...new Set([...specific, sha])];
  return { tags, version: specific[0] ?? sha };
}
