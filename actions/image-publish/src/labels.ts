// OCI image annotations (opencontainers/image-spec annotations.md) set as image labels.
import type { EventContext } from './tags.js';

/** What the labels describe. */
export interface LabelSource {
  context: EventContext;
  /** Repository web URL, e.g. `https://github.com/owner/repo`; the label is left out when unknown. */
  sourceUrl: string | undefined;
  /** The most specific tag (see `computeTags`). */
  version: string;
  /** Image title: the repository's last path component. */
  title: string;
  /** Build time. */
  now: Date;
}

/** The repository URL: the payload's `repository.html_url`, else `GITHUB_SERVER_URL/GITHUB_REPOSITORY`. */
export function sourceUrl(context: EventContext, env: NodeJS.ProcessEnv): string | undefined {
  const fromPayload = context.payload.repository?.html_url;
  if (typeof fromPayload === 'string' && fromPayload !== '') return fromPayload;
  if (env.GITHUB_REPOSITORY)
    return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
  return undefined;
}

/** `org.opencontainers.image.*` labels, in a fixed order. `created` is RFC 3339 in UTC. */
export function ociLabels(source: LabelSource): Record<string, string> {
  return {
    'org.opencontainers.image.title': source.title,
    ...(source.sourceUrl === undefined ? {} : { 'org.opencontainers.image.source': source.sourceUrl }),
    'org.opencontainers.image.revision': source.context.sha,
    'org.opencontainers.image.version': source.version,
    'org.opencontainers.image.created': source.now.toISOString(),
  };
}
