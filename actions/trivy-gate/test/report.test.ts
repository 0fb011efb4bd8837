// Reading Trivy's JSON: the real reports in ../shared/fixtures/trivy parse to their documented counts, and
// anything that is not a SchemaVersion 2 report is an error, never an empty (passing) list.
import { describe, expect, it } from '@jest/globals';
import { type Finding, parseReport, ReportError, uniqueFindings } from '../src/report.js';
import { deriveReport, describeWithFixtures, readFixture, vuln } from './fixtures.js';

const bySeverity = (findings: Finding[]) => {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
};

describeWithFixtures('parseReport on real Trivy reports', () => {
  it('reads alpine-310: 4 MEDIUM findings, all with a fixed version', () => {
    const report = parseReport(readFixture('alpine-310.json'), 'alpine');
    expect(report.findings).toHaveLength(4);
    expect(bySeverity(report.findings)).toEqual({ MEDIUM: 4 });
    expect(report.findings.filter((f) => f.fixed === undefined)).toEqual([]);
    expect(report.findings[0]).toEqual({
      id: 'CVE-2019-1549',
      pkg: 'libcrypto1.1',
      installed: '1.1.1c-r0',
      fixed: '1.1.1d-r0',
      status: 'fixed',
      severity: 'MEDIUM',
      title: expect.any(String),
      url: 'https://avd.aquasec.com/nvd/cve-2019-1549',
      target: 'testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)',
    });
    expect(report.artifactName).toBe('testdata/fixtures/images/alpine-310.tar.gz');
  });

  it('reads centos-7: MEDIUM 1, LOW 2, one without a fixed version', () => {
    const { findings } = parseReport(readFixture('centos-7.json'), 'centos');
    expect(bySeverity(findings)).toEqual({ MEDIUM: 1, LOW: 2 });
    expect(findings.filter((f) => f.fixed === undefined).map((f) => [f.id, f.status])).toEqual([
      ['CVE-2019-18276', 'will_not_fix'],
    ]);
  });

  it('reads npm: one MEDIUM finding in a lock file target', () => {
    const { findings } = parseReport(readFixture('npm.json'), 'npm');
    expect(findings.map((f) => [f.id, f.pkg, f.severity, f.target])).toEqual([
      ['CVE-2019-11358', 'jquery', 'MEDIUM', 'package-lock.json'],
    ]);
  });

  it('accepts a clean target (no Vulnerabilities key, or null) as zero findings', () => {
    const json = deriveReport('alpine-310.json', (r) => {
      delete r.Results[0]?.Vulnerabilities;
      r.Results.push({ Target: 'app/package-lock.json', Class: 'lang-pkgs', Vulnerabilities: null as never });
    });
    expect(parseReport(json, 'clean').findings).toEqual([]);
  });

  it('accepts a report without Results (Trivy omits it when nothing was scannable) as zero findings', () => {
    const json = deriveReport('alpine-310.json', (r: { Results?: unknown }) => void delete r.Results);
    expect(parseReport(json, 'r').findings).toEqual([]);
  });

  it.each([
    [
      'a wrong SchemaVersion',
      (r: { SchemaVersion: unknown }) => {
        r.SchemaVersion = 1;
      },
      /SchemaVersion: expected 2/,
    ],
    [
      'no ArtifactName',
      (r: { ArtifactName?: unknown }) => void delete r.ArtifactName,
      /ArtifactName: Invalid input/,
    ],
    [
      'no ArtifactType',
      (r: { ArtifactType?: unknown }) => void delete r.ArtifactType,
      /ArtifactType: Invalid input/,
    ],
    [
      'Results not an array',
      (r: { Results: unknown }) => {
        r.Results = {};
      },
      /Results: expected an array/,
    ],
  ])('rejects a report with %s', (_, change, message) => {
    const json = deriveReport('alpine-310.json', change as never);
    expect(() => parseReport(json, "input 'report' (x.json)")).toThrow(ReportError);
    expect(() => parseReport(json, "input 'report' (x.json)")).toThrow(message);
    expect(() => parseReport(json, "input 'report' (x.json)")).toThrow(
      /^input 'report' \(x\.json\) is not a Trivy/,
    );
  });

  it('rejects an unknown severity and names where it is', () => {
    const json = deriveReport('centos-7.json', (r) => {
      vuln(r, 2).Severity = 'SEVERE';
    });
    expect(() => parseReport(json, 'r')).toThrow(/Results\[0\]\.Vulnerabilities\[2\]\.Severity/);
  });

  it('rejects a vulnerability without an ID', () => {
    const json = deriveReport(
      'npm.json',
      (r) => void delete (vuln(r, 0) as Partial<typeof r>).VulnerabilityID,
    );
    expect(() => parseReport(json, 'r')).toThrow(/Vulnerabilities\[0\]\.VulnerabilityID/);
  });
});

describe('parseReport on things that are not Trivy reports', () => {
  it.each([
    ['an empty file', '', /is empty/],
    ['whitespace', '  \n', /is empty/],
    ['text that is not JSON', 'Total: 3 (CRITICAL: 1)', /is not JSON/],
    [
      'a JSON array (Trivy before SchemaVersion 2)',
      '[{"Target":"x","Vulnerabilities":[]}]',
      /not a Trivy JSON report/,
    ],
    ['JSON null', 'null', /not a Trivy JSON report/],
    ['a SARIF log', '{"version":"2.1.0","runs":[]}', /SchemaVersion/],
  ])('rejects %s', (_, text, message) => {
    expect(() => parseReport(text, 'r')).toThrow(message);
  });
});

describe('uniqueFindings', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    id: 'CVE-1',
    pkg: 'openssl',
    installed: '1.0',
    fixed: '1.1',
    status: 'fixed',
    severity: 'HIGH',
    title: undefined,
    url: undefined,
    target: 'img (debian 12)',
    ...over,
  });

  it('counts each (ID, package, installed version, target) once, keeping the highest severity', () => {
    const findings = [
      finding({}),
      finding({ severity: 'CRITICAL' }),
      finding({ pkg: 'libssl' }),
      finding({ installed: '1.0.1' }),
      finding({ target: 'app/package-lock.json' }),
      finding({ id: 'CVE-2' }),
      finding({ fixed: undefined }),
    ];
    const unique = uniqueFindings(findings);
    expect(unique).toHaveLength(5);
    expect(unique[0]).toEqual(finding({ severity: 'CRITICAL' }));
  });
});
