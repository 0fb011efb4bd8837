// SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability ID, one result per counted finding.
// Code scanning reads `security-severity` (a CVSS-like score) from the rule to rank alerts; the scores below
// sit inside GitHub's bands (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9) so the alert's
// severity matches the one the gate applied.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from './report.js';
import { severityRank } from './report.js';

const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};

const LEVEL: Record<Severity, Result.level> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

/** Details of the scan for the SARIF run. */
export interface SarifContext {
  /** Trivy's version from the report, when it has one. */
  trivyVersion?: string | undefined;
}

/**
 * A location URI for a Trivy target. OS targets read `image (alpine 3.10.2)`: the part in brackets is not a path.
 * Each path segment is percent-encoded so image references (`repo:tag`, `@sha256:`) stay valid URI references.
 */
export function targetUri(target: string): string {
  const path = target.replace(/\s+\([^()]*\)$/, '').trim() || target;
  return path.split('/').map(encodeURIComponent).join('/');
}

function describe(f: Finding): string {
  return [
    `${f.id} (${f.severity}) in ${f.pkg} ${f.installed}`,
    f.fixed ? `fixed in ${f.fixed}` : `no fixed version${f.status ? ` (status: ${f.status})` : ''}`,
    `target: ${f.target}`,
  ].join('; ');
}

/** Builds the SARIF log of the given (counted) findings. */
export function buildSarif(findings: readonly Finding[], context: SarifContext = {}): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const worst = new Map<string, Severity>();
  for (const f of findings) {
    const seen = worst.get(f.id);
    if (seen === undefined || severityRank(f.severity) > severityRank(seen)) worst.set(f.id, f.severity);
  }
  for (const f of findings) {
    if (ruleIndex.has(f.id)) continue;
    const severity = worst.get(f.id) ?? f.severity;
    ruleIndex.set(f.id, rules.length);
    const summary = f.title ?? f.id;
    rules.push({
      id: f.id,
      name: f.id,
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      ...(f.url ? { helpUri: f.url } : {}),
      help: {
        text: `${f.id} (${severity}): ${summary}${f.url ? `\n${f.url}` : ''}`,
        markdown: `**${f.id}** (${severity}): ${summary}${f.url ? `\n\n[${f.id}](${f.url})` : ''}`,
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        'security-severity': SECURITY_SEVERITY[severity],
        precision: 'very-high',
        tags: ['vulnerability', 'security', severity],
      },
    });
  }
  const results: Result[] = findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: ruleIndex.get(f.id) ?? 0,
    level: LEVEL[f.severity],
    message: { text: describe(f) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: targetUri(f.target) }, region: { startLine: 1 } },
        message: { text: `${f.target}: ${f.pkg}@${f.installed}` },
      },
    ],
    properties: { 'security-severity': SECURITY_SEVERITY[f.severity], severity: f.severity },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Trivy',
            fullName: 'Trivy vulnerability scanner, gated by trivy-gate',
            informationUri: 'https://github.com/aquasecurity/trivy',
            ...(context.trivyVersion ? { version: context.trivyVersion } : {}),
            rules,
          },
        },
        results,
      },
    ],
  };
}
