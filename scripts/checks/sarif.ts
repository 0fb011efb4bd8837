// Findings as SARIF 2.1.0, the format GitHub code scanning uploads (github/codeql-action/upload-sarif), so a
// reviewer sees each finding on the changed line of the pull request.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Check } from './check.js';
import type { Finding } from './finding.js';

/** The checker, and the README that documents its ids (named in each rule's help). */
export interface SarifTool {
  /** `validate-gitops`, `lint-workflows`, `check-terraform`: also the SARIF category. */
  readonly name: string;
  /** Repository-relative README that lists every id (`#<id>` anchors are not assumed). */
  readonly readme: string;
}

/** Code scanning groups results by rule; a finding of a rule outside `checks` (parse, fmt, actionlint) is listed too. */
export function toSarif(tool: SarifTool, checks: readonly Check<never>[], findings: readonly Finding[]): Log {
  const described = new Map<string, ReportingDescriptor>(
    checks.map((c) => [
      c.id,
      {
        id: c.id,
        shortDescription: { text: c.summary },
        ...(c.standsFor?.length ? { properties: { tags: [...c.standsFor] } } : {}),
        defaultConfiguration: { level: c.severity ?? 'error' },
        help: { text: `${c.summary}. Documented in ${tool.readme}.` },
      },
    ]),
  );
  for (const f of findings)
    if (!described.has(f.rule)) described.set(f.rule, { id: f.rule, shortDescription: { text: f.rule } });
  const rules = [...described.values()];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? 0,
    level: f.severity,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file.replaceAll('\\', '/')), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line) },
        },
      },
    ],
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      { tool: { driver: { name: tool.name, rules } }, results, automationDetails: { id: `${tool.name}/` } },
    ],
  };
}
