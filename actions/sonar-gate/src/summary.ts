// The job summary: one heading with the outcome, the project and dashboard link, and a table of
// every condition that did not pass. Markdown, so it reads the same in the file and on the page.
import * as core from '@actions/core';
import { comparatorText, failingConditions } from './gate.js';
import type { ProjectStatus } from './sonar-api.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** Where the analysis came from. */
export interface SummaryContext {
  readonly projectKey: string;
  readonly dashboardUrl: string;
}

function header(title: string, context: SummaryContext): string[] {
  return [
    `## ${title}`,
    '',
    `Project \`${cell(context.projectKey)}\` · [dashboard](${context.dashboardUrl})`,
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
  return `${[...header(`❌ ${title}`, context), detail].join('\n')}\n`;
}

export async function writeSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(markdown).write();
}
