// The job summary: one heading with the outcome, the project and dashboard link, and a table of
// every condition that did not pass. Markdown, so it reads the same in the file and on the page.
import * as core from '@actions/core';
import { comparatorText, failingConditions } from './gate.js';
import type { ProjectStatus } from './sonar-api.js';

/** Longest text of one cell by default; server values are short, a hostile one is cut here. */
const MAX_CELL = 200;

/**
 * Server text as inert Markdown: one line, at most MAX_CELL characters, and every character that could
 * open markup (HTML tags and entities, links and images, code, the table's `|`) written as a numeric
 * entity, which CommonMark shows as the character and never parses as syntax.
 */
export function cell(text: string, max = MAX_CELL): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max)}…` : line;
  return cut.replace(/[&<>"'`|[\]\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A URL as a Markdown link target: the `<…>` form, with nothing inside that can close it. */
function linkTarget(url: string): string {
  return `<${url.replace(/[<>\s()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}>`;
}

/** Where the analysis came from. */
export interface SummaryContext {
  readonly projectKey: string;
  /** An http(s) URL on the host-url host (see dashboardUrlOf). */
  readonly dashboardUrl: string;
}

function header(title: string, context: SummaryContext): string[] {
  return [
    `## ${title}`,
    '',
    `Project <code>${cell(context.projectKey)}</code> · [dashboard](${linkTarget(context.dashboardUrl)})`,
    '',
  ];
}

/** Markdown for a computed gate: status line, then the failing conditions table. */
export function gateSummary(status: ProjectStatus, context: SummaryContext): string {
  const icon = { OK: '✅', WARN: '⚠️', ERROR: '❌', NONE: '❔' }[status.status];
  const lines = header(`${icon} Sonar quality gate: ${status.status}`, context);
  const failing = failingConditions(status);
  if (status.status === 'NONE') {
    lines.push('No quality gate is associated with this project, so nothing was checked.');
  } else if (failing.length === 0) {
    lines.push(`All ${status.conditions.length} condition(s) passed.`);
  } else {
    lines.push(
      `${failing.length} of ${status.conditions.length} condition(s) did not pass:`,
      '',
      '| metric | actual value | comparator | threshold | status |',
      '|---|---|---|---|---|',
      ...failing.map((c) => {
        const threshold = c.status === 'WARN' ? (c.warningThreshold ?? c.errorThreshold) : c.errorThreshold;
        return `| ${cell(c.metricKey)} | ${cell(c.actualValue ?? '')} | ${cell(comparatorText(c.comparator))} | ${cell(threshold ?? '')} | ${c.status} |`;
      }),
    );
  }
  if (status.ignoredConditions === true) {
    lines.push(
      '',
      'Some conditions were ignored by the server (too few new lines for them to be meaningful).',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for an analysis that never produced a gate (failed, cancelled or timed out). */
export function problemSummary(title: string, detail: string, context: SummaryContext): string {
  return `${[...header(`❌ ${title}`, context), cell(detail, 4000)].join('\n')}\n`;
}

export async function writeSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(markdown).write();
}
