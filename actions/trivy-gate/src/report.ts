// Reads Trivy's JSON report (SchemaVersion 2) into flat, de-duplicated findings. Anything that is not such a
// report is an error: a gate that passes on a truncated or foreign file would let every vulnerability through.
import { z } from 'zod';

/** Trivy's severities, lowest first. */
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity: UNKNOWN 0 … CRITICAL 4. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** One vulnerability in one package of one target, as the gate counts it. */
export interface Finding {
  /** Vulnerability ID, e.g. `CVE-2019-1549` or `GHSA-…`. */
  id: string;
  pkg: string;
  installed: string;
  /** The version that fixes it; undefined when Trivy knows none. */
  fixed: string | undefined;
  /** Trivy's status (`fixed`, `affected`, `will_not_fix`, …); undefined in reports that predate it. */
  status: string | undefined;
  severity: Severity;
  title: string | undefined;
  /** Advisory page, e.g. `https://avd.aquasec.com/nvd/cve-2019-1549`. */
  url: string | undefined;
  /** Trivy's target: the image's OS layer (`img (alpine 3.10.2)`) or a lock file such as `package-lock.json`. */
  target: string;
}

/** A report that could not be read as Trivy JSON; the message says which file and what is wrong. */
export class ReportError extends Error {
  override name = 'ReportError';
}

const text = z.string().optional();

// Only the fields the gate uses; Trivy's many others (CVSS, Layer, References, …) are dropped.
const vulnerabilitySchema = z.object({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string(),
  InstalledVersion: z.string().default(''),
  FixedVersion: text,
  Status: text,
  Severity: z.enum(SEVERITIES),
  Title: text,
  PrimaryURL: text,
});

const resultSchema = z.object({
  Target: z.string(),
  // Go's omitempty drops an empty list, and a clean target has none: that is a pass, not an error.
  Vulnerabilities: z.array(vulnerabilitySchema).nullish(),
});

const reportSchema = z.object({
  SchemaVersion: z.literal(2, {
    error: (issue) =>
      `expected 2 (Trivy 0.20 or later), got ${issue.input === undefined ? 'none' : JSON.stringify(issue.input)}`,
  }),
  ArtifactName: z.string(),
  ArtifactType: z.string(),
  Trivy: z.object({ Version: z.string().optional() }).optional(),
  // Trivy omits Results (omitempty) when it found nothing to scan, e.g. a scratch image: a clean report.
  Results: z
    .array(resultSchema, { error: 'expected an array of results (Trivy writes one per target)' })
    .default([]),
});

/** The report's name for messages and SARIF, and its findings in report order. */
export interface Report {
  artifactName: string | undefined;
  trivyVersion: string | undefined;
  findings: Finding[];
}

const MAX_ISSUES = 3;

/**
 * Parses a Trivy JSON report. `source` names where it came from (e.g. "input 'report' (./trivy.json)") and
 * starts every error message.
 */
export function parseReport(json: string, source: string): Report {
  if (json.trim() === '') throw new ReportError(`${source} is empty: expected a Trivy JSON report`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ReportError(
      `${source} is not JSON (${(error as Error).message}): expected a Trivy JSON report`,
    );
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => {
      const path = issue.path
        .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
        .join('');
      return `${path.replace(/^\./, '') || '(top level)'}: ${issue.message}`;
    });
    const more =
      parsed.error.issues.length > MAX_ISSUES ? ` (and ${parsed.error.issues.length - MAX_ISSUES} more)` : '';
    throw new ReportError(
      `${source} is not a Trivy JSON report with SchemaVersion 2: ${issues.join('; ')}${more}. ` +
        'Produce it with `trivy image --format json`.',
    );
  }
  const findings = parsed.data.Results.flatMap((result) =>
    (result.Vulnerabilities ?? []).map(
      (v): Finding => ({
        id: v.VulnerabilityID,
        pkg: v.PkgName,
        installed: v.InstalledVersion,
        fixed: v.FixedVersion || undefined,
        status: v.Status || undefined,
        severity: v.Severity,
        title: v.Title || undefined,
        url: v.PrimaryURL || undefined,
        target: result.Target,
      }),
    ),
  );
  return { artifactName: parsed.data.ArtifactName, trivyVersion: parsed.data.Trivy?.Version, findings };
}

/** The identity of a finding: the same ID in the same package version of the same target counts once. */
export const findingKey = (f: Finding): string => JSON.stringify([f.id, f.pkg, f.installed, f.target]);

/** Drops repeated findings (same ID, package, installed version and target), keeping the highest severity. */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const seen = byKey.get(key);
    if (seen === undefined || severityRank(finding.severity) > severityRank(seen.severity))
      byKey.set(key, finding);
  }
  return [...byKey.values()];
}
