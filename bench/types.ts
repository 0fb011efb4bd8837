/** What one benchmark file returns: rows for the printed table, kept in bench/results/<name>.json. */
export interface BenchReport {
  /** File-safe name, e.g. 'action-cold-start'. */
  name: string;
  /** One line of the table each; keep keys the same across rows. Ratios against a same-run baseline. */
  rows: Array<Record<string, string | number>>;
  /** How it was measured (load, sizes, baseline), printed under the table. */
  notes?: string[];
}

/** A bench file's default export. */
export type Bench = () => Promise<BenchReport>;

/** Percentile (0–100) of a numeric sample, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
