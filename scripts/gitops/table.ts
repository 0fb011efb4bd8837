// The validator's report: one row per tree (objects, time, verdict), then the findings.
import { type Finding, formatFinding } from './model.js';
import type { ValidateResult } from './validate-gitops.js';

function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0))) ?? [];
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table and the findings as plain text. */
export function report(result: ValidateResult): string {
  const header = ['tree', 'role', 'objects', 'time', 'verdict'];
  const rows = result.rows.map((r) => [
    r.tree,
    r.role,
    String(r.objects),
    `${r.ms} ms`,
    r.verdict === 'pass' ? 'pass' : `FAIL (${r.findings})`,
  ]);
  const objects = result.rows.reduce((n, r) => n + r.objects, 0);
  const total = ['total', '', String(objects), `${result.ms} ms`, result.ok ? 'pass' : 'FAIL'];
  const lines = [pad([header, ...rows, total])];
  if (result.findings.length > 0) lines.push('', ...result.findings.map((f: Finding) => formatFinding(f)));
  return lines.join('\n');
}
