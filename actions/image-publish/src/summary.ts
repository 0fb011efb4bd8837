// The job summary: what was built, under which tags and labels, and its digest.
import * as core from '@actions/core';

/** What one run published. */
export interface PublishResult {
  digest: string;
  /** `repository@sha256:…` */
  imageRef: string;
  /** Full references `repository:tag`. */
  tags: string[];
  labels: Record<string, string>;
  pushed: boolean;
  platforms: readonly string[];
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string) => `<code>${html(text)}</code>`;

export async function writeSummary(result: PublishResult): Promise<void> {
  await core.summary
    .addHeading(result.pushed ? 'Image published' : 'Image built (not pushed)', 3)
    .addTable([
      [
        { data: 'image', header: true },
        { data: 'value', header: true },
      ],
      ['reference', code(result.imageRef)],
      ['platforms', result.platforms.join(', ')],
      ...result.tags.map((tag) => ['tag', code(tag)]),
      ...Object.entries(result.labels).map(([key, value]) => [`label ${code(key)}`, html(value)]),
    ])
    .write();
}
