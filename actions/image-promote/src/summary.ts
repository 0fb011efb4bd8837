import * as core from '@actions/core';
import { formatReference, repositoryName } from '../../lib/oci-reference.js';
import type { PromotionResult } from './promote.js';

/** The job summary: what was promoted, its digest, and each tag with what it pointed at before. */
export async function writeSummary(result: PromotionResult): Promise<void> {
  const code = (text: string) => `<code>${text}</code>`;
  await core.summary
    .addHeading('Image promoted', 3)
    .addTable([
      [code('source'), code(formatReference(result.source))],
      [code('digest'), code(result.digest)],
      [code('media type'), code(result.mediaType)],
    ])
    .addTable([
      [
        { data: `tag in ${repositoryName(result.source)}`, header: true },
        { data: 'before', header: true },
      ],
      ...result.tags.map(({ tag, previous }) => [
        code(tag),
        previous === undefined
          ? 'new tag'
          : previous === result.digest
            ? 'unchanged'
            : `moved from ${code(previous)}`,
      ]),
    ])
    .write();
}
