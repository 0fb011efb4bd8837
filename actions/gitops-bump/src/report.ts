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

/** Text from git or the file system, shown verbatim: HTML-escaped inside a `<pre>` so it cannot format anything. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const notesList = (notes: readonly string[] = []) => notes.map((note) => `- Note: ${note}`);

export function pullRequestBody(
  path: string,
  changes: readonly ImageChange[],
  notes?: readonly string[],
): string {
  return [
    `Pins ${changes.length === 1 ? 'one image' : `${changes.length} images`} in \`${path}\`.`,
    '',
    changesTable(changes),
    '',
    ...(notes?.length ? [...notesList(notes), ''] : []),
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
  readonly notes?: readonly string[];
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
    for (const note of notesList(facts.notes)) summary.addRaw(note, true);
  }
  await summary.write();
}

/** The summary of a run that failed: nothing was pushed, and why (git's own words, escaped). */
export async function writeFailureSummary(
  facts: Pick<SummaryFacts, 'path' | 'mode' | 'branch' | 'attempts' | 'maxAttempts'>,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const tried =
    facts.attempts > 0 ? ` after ${facts.attempts} of ${facts.maxAttempts} attempts` : ' (no push attempted)';
  await core.summary
    .addHeading(`gitops-bump: ${facts.path}`, 3)
    .addRaw(
      `Not pushed to \`${facts.branch}\` (${facts.mode} mode)${tried}${facts.mode === 'push' ? '; the local branch was left where it was' : ''}:`,
      true,
    )
    .addRaw(`<pre>${escapeHtml(message)}</pre>`, true)
    .write();
}
