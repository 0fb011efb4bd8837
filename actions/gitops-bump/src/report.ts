// The pull request body and the job summary: old and new reference per image.
import * as core from '@actions/core';
import type { ImageChange } from './kustomization.js';

const code = (text: string) => `\`${text.replace(/[`|\\]/g, (c) => `\\${c}`)}\``;

/** A Markdown table `| image | old | new |` of the changes. */
export function changesTable(changes: readonly ImageChange[]): string {
  return [
    '| image | old | new |',
    '|---|---|---|',
    ...changes.map(
      (c) =>
        `| ${code(c.name)} | ${c.before === undefined ? '(not pinned)' : code(c.before)} | ${code(c.after)} |`,
    ),
  ].join('\n');
}

export function pullRequestBody(path: string, changes: readonly ImageChange[]): string {
  return [
    `Pins ${changes.length === 1 ? 'one image' : `${changes.length} images`} in \`${path}\`.`,
    '',
    changesTable(changes),
    '',
    '_Opened by the gitops-bump action; later runs for this directory update this pull request._',
  ].join('\n');
}

export interface SummaryFacts {
  readonly path: string;
  readonly mode: string;
  readonly branch: string;
  readonly changes: readonly ImageChange[];
  readonly commit: string | undefined;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly pullRequestUrl: string | undefined;
}

export async function writeSummary(facts: SummaryFacts): Promise<void> {
  const summary = core.summary.addHeading(`gitops-bump: ${facts.path}`, 3);
  if (facts.changes.length === 0) {
    summary.addRaw(
      `Every image was already pinned as asked on \`${facts.branch}\`: nothing committed.`,
      true,
    );
  } else {
    summary.addRaw(changesTable(facts.changes), true).addEOL();
    const where =
      facts.mode === 'push'
        ? `Pushed \`${facts.commit}\` to \`${facts.branch}\``
        : `Pull request ${facts.pullRequestUrl} into \`${facts.branch}\` at \`${facts.commit}\``;
    summary.addRaw(`${where} (landed on attempt ${facts.attempts} of ${facts.maxAttempts}).`, true);
  }
  await summary.write();
}
