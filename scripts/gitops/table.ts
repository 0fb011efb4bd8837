// The validator's table: one row per tree (role, objects, time, verdict) and the total. The findings
// themselves are printed by the engine (scripts/checks/output.ts), after it.
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

export function table(result: ValidateResult): string {
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
  const shared = result.rows.find((r) => r.sharedWith)?.sharedWith;
  // The time of a tree rendered with others is its share of their one kustomize run: say so.
  const note = shared
    ? `\n(the ${shared} building blocks that include no other tree render in one kustomize run; each shows its share of that run's time)`
    : '';
  return `${pad([header, ...rows, total])}${note}`;
}
