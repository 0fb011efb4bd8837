// The gate's decision: which findings count, which of those block, and the counts behind the outputs.
import { type Finding, SEVERITIES, type Severity, severityRank, uniqueFindings } from './report.js';

/** What the gate applies to a report's findings. */
export interface GateOptions {
  /** Severities that block (the `severity` input). */
  blockOn: ReadonlySet<Severity>;
  /** Leave out findings without a fix (the `ignore-unfixed` input). */
  ignoreUnfixed: boolean;
  /** Vulnerability IDs of the ignore file's unexpired entries. */
  ignoredIds: ReadonlySet<string>;
}

/** The outcome: every list holds unique findings (see `uniqueFindings`), most severe first. */
export interface Evaluation {
  /** Findings that count: not in the ignore list and, with `ignoreUnfixed`, fixable. */
  counted: Finding[];
  /** Counted findings whose severity is in `blockOn`. */
  blocking: Finding[];
  /** Findings left out because their ID is in the ignore list. */
  ignored: Finding[];
  /** Findings left out by `ignoreUnfixed` (and not already ignored by ID). */
  unfixed: Finding[];
  /** Counted findings per severity. */
  counts: Record<Severity, number>;
}

/**
 * Fixable means Trivy names a fixed version and, where the report has a status, that status is `fixed`
 * (reports from Trivy before 0.35 have no status; a fixed version is then enough).
 */
export const isFixable = (f: Finding): boolean =>
  f.fixed !== undefined && (f.status === undefined || f.status === 'fixed');

const bySeverityThenId = (a: Finding, b: Finding): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  a.id.localeCompare(b.id) ||
  a.pkg.localeCompare(b.pkg) ||
  a.target.localeCompare(b.target);

export function evaluate(findings: readonly Finding[], options: GateOptions): Evaluation {
  const counted: Finding[] = [];
  const ignored: Finding[] = [];
  const unfixed: Finding[] = [];
  for (const finding of uniqueFindings(findings).sort(bySeverityThenId)) {
    if (options.ignoredIds.has(finding.id)) ignored.push(finding);
    else if (options.ignoreUnfixed && !isFixable(finding)) unfixed.push(finding);
    else counted.push(finding);
  }
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of counted) counts[finding.severity]++;
  return {
    counted,
    blocking: counted.filter((f) => options.blockOn.has(f.severity)),
    ignored,
    unfixed,
    counts,
  };
}

/** Distinct IDs of findings, in their order. */
export const distinctIds = (findings: readonly Finding[]): string[] => [
  ...new Set(findings.map((f) => f.id)),
];
