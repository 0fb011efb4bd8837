// The job summary: verdict, counts, a table of the blocking findings, and what the ignores left out.
// Titles and IDs come from the report, so every cell is HTML-escaped and only http(s) links are kept.
import * as core from '@actions/core';
import { distinctIds, type Evaluation } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import type { Source } from './inputs.js';
import type { Finding, Severity } from './report.js';

/** Rows beyond this are summarised in one line: the summary has a 1 MiB limit. */
const MAX_ROWS = 100;

/** What the summary shows besides the evaluation. */
export interface SummaryView {
  source: Source;
  severities: readonly Severity[];
  evaluation: Evaluation;
  ignoreFile: string | undefined;
  expired: readonly IgnoreEntry[];
  /** Active ignore entries that matched no finding. */
  unused: readonly string[];
  failed: boolean;
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

function titleCell(f: Finding): string {
  const title = escapeHtml(f.title ?? f.id);
  return f.url && /^https?:\/\//.test(f.url) ? `<a href="${escapeHtml(f.url)}">${title}</a>` : title;
}

/** IDs with how many findings each stands for, e.g. `CVE-1 (2)`. */
function idCounts(findings: readonly Finding[]): string {
  return distinctIds(findings)
    .map((id) => {
      const n = findings.filter((f) => f.id === id).length;
      return n > 1 ? `${code(id)} (${n})` : code(id);
    })
    .join(', ');
}

export async function writeSummary(view: SummaryView): Promise<void> {
  // Outside a runner (a local rehearsal) there is no summary file; the outputs and log still tell.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { evaluation: e } = view;
  const blocking = e.blocking.length;
  const verdict =
    blocking === 0
      ? 'passed'
      : view.failed
        ? `failed: ${blocking} blocking`
        : `${blocking} blocking (not failing)`;
  const summary = core.summary.addHeading(`Trivy gate ${verdict}`, 2);
  summary.addRaw(
    `<p>Gated ${view.source.kind === 'image' ? `image ${code(view.source.ref)}` : `report ${code(view.source.path)}`}. Blocking severities: ${view.severities.join(', ')}.<br>` +
      `Counted ${e.counted.length} findings: ${e.counts.CRITICAL} critical, ${e.counts.HIGH} high, ` +
      `${e.counts.MEDIUM} medium, ${e.counts.LOW} low, ${e.counts.UNKNOWN} unknown.</p>`,
    true,
  );
  if (blocking > 0) {
    summary.addTable([
      ['ID', 'Severity', 'Package', 'Installed', 'Fixed', 'Title'].map((data) => ({ data, header: true })),
      ...e.blocking
        .slice(0, MAX_ROWS)
        .map((f) => [
          code(f.id),
          f.severity,
          escapeHtml(f.pkg),
          escapeHtml(f.installed),
          f.fixed ? escapeHtml(f.fixed) : '—',
          titleCell(f),
        ]),
    ]);
    if (blocking > MAX_ROWS)
      summary.addRaw(`<p>… and ${blocking - MAX_ROWS} more blocking findings.</p>`, true);
  }
  const notes: string[] = [];
  if (e.ignored.length > 0) {
    notes.push(`Ignored by ${code(view.ignoreFile ?? 'the ignore file')}: ${idCounts(e.ignored)}`);
  }
  if (e.unfixed.length > 0)
    notes.push(`Left out by ignore-unfixed (no fix yet): ${e.unfixed.length} findings`);
  if (view.expired.length > 0) {
    const entries = view.expired
      .map((x) => `${code(x.id)} (expired ${x.expires}, line ${x.line})`)
      .join(', ');
    notes.push(`Expired ignores, no longer applied: ${entries}`);
  }
  if (view.unused.length > 0)
    notes.push(`Ignore entries that matched nothing: ${view.unused.map(code).join(', ')}`);
  if (notes.length > 0) summary.addList(notes);
  await summary.write();
}
