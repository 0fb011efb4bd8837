// The job summary: verdict, counts, a table of the blocking findings, and what the ignores left out.
// Titles and IDs come from the report, so every cell is HTML-escaped and only http(s) links are kept,
// and its size is bounded (see MAX_ROWS…).
import * as core from '@actions/core';
import { distinctIds, type Evaluation } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import type { Source } from './inputs.js';
import type { Finding, Severity } from './report.js';

// GitHub drops a summary over 1 MiB, so everything from the report is bounded: at most MAX_ROWS rows,
// MAX_LIST items per list, and MAX_CELL characters per text (MAX_URL per link). Worst case, about
// 100 × (5 × 200 + 200 + 500 + markup) + 4 × 50 × (200 + markup) ≈ 0.25 MiB.
/** Rows beyond this are summarised in one line. */
const MAX_ROWS = 100;
/** Items of each list (ignored IDs, expired and unused entries) beyond this are counted, not named. */
const MAX_LIST = 50;
/** Characters of one text from the report (ID, package, versions, title). */
const MAX_CELL = 200;
/** Characters of a link; a longer one is dropped, the title kept. */
const MAX_URL = 500;

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

/** Counts what the summary shortened, so that it can say so. */
interface Cuts {
  texts: number;
}

/** Escaped text of at most MAX_CELL characters; a longer one ends in '…' and is counted. */
function clip(text: string, cuts: Cuts): string {
  if (text.length <= MAX_CELL) return escapeHtml(text);
  cuts.texts++;
  return `${escapeHtml(text.slice(0, MAX_CELL))}…`;
}

const code = (text: string, cuts: Cuts) => `<code>${clip(text, cuts)}</code>`;

function titleCell(f: Finding, cuts: Cuts): string {
  const title = clip(f.title ?? f.id, cuts);
  const link = f.url && /^https?:\/\//.test(f.url) && f.url.length <= MAX_URL;
  return link ? `<a href="${escapeHtml(f.url ?? '')}">${title}</a>` : title;
}

/** The first MAX_LIST items joined, then how many more there are. */
function bounded(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LIST).join(', ');
  return items.length > MAX_LIST ? `${shown} … and ${items.length - MAX_LIST} more` : shown;
}

/** IDs with how many findings each stands for, e.g. `CVE-1 (2)`. */
function idCounts(findings: readonly Finding[], cuts: Cuts): string {
  const perId = new Map<string, number>();
  for (const f of findings) perId.set(f.id, (perId.get(f.id) ?? 0) + 1);
  return bounded(
    distinctIds(findings).map((id) => {
      const n = perId.get(id) ?? 0;
      return n > 1 ? `${code(id, cuts)} (${n})` : code(id, cuts);
    }),
  );
}

export async function writeSummary(view: SummaryView): Promise<void> {
  // Outside a runner (a local rehearsal) there is no summary file; the outputs and log still tell.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { evaluation: e } = view;
  const cuts: Cuts = { texts: 0 };
  const blocking = e.blocking.length;
  const verdict =
    blocking === 0
      ? 'passed'
      : view.failed
        ? `failed: ${blocking} blocking`
        : `${blocking} blocking (not failing)`;
  const summary = core.summary.addHeading(`Trivy gate ${verdict}`, 2);
  summary.addRaw(
    `<p>Gated ${view.source.kind === 'image' ? `image ${code(view.source.ref, cuts)}` : `report ${code(view.source.path, cuts)}`}. Blocking severities: ${view.severities.join(', ')}.<br>` +
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
          code(f.id, cuts),
          f.severity,
          clip(f.pkg, cuts),
          clip(f.installed, cuts),
          f.fixed ? clip(f.fixed, cuts) : '—',
          titleCell(f, cuts),
        ]),
    ]);
    if (blocking > MAX_ROWS)
      summary.addRaw(`<p>… and ${blocking - MAX_ROWS} more blocking findings.</p>`, true);
  }
  const notes: string[] = [];
  if (e.ignored.length > 0) {
    notes.push(
      `Ignored by ${code(view.ignoreFile ?? 'the ignore file', cuts)}: ${idCounts(e.ignored, cuts)}`,
    );
  }
  if (e.unfixed.length > 0)
    notes.push(`Left out by ignore-unfixed (no fix yet): ${e.unfixed.length} findings`);
  if (view.expired.length > 0) {
    const entries = bounded(
      view.expired.map((x) => `${code(x.id, cuts)} (expired ${clip(x.expires ?? '', cuts)}, line ${x.line})`),
    );
    notes.push(`Expired ignores, no longer applied: ${entries}`);
  }
  if (view.unused.length > 0)
    notes.push(`Ignore entries that matched nothing: ${bounded(view.unused.map((id) => code(id, cuts)))}`);
  if (cuts.texts > 0) {
    notes.push(
      `${cuts.texts} text(s) from the report were shortened to ${MAX_CELL} characters (ending in …); the full report has them.`,
    );
  }
  if (notes.length > 0) summary.addList(notes);
  await summary.write();
}
