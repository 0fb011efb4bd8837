// Real Trivy reports from ../shared/fixtures/trivy (outside the repository, never copied into it). Tests that need
// them use `describeWithFixtures`, which reports them as skipped when the folder is absent (a plain clone).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '@jest/globals';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, '..', 'shared', 'fixtures', 'trivy');
export const haveFixtures = existsSync(join(fixturesDir, 'alpine-310.json'));

/** `describe` when the fixtures exist, `describe.skip` otherwise, so a missing folder shows as skipped. */
export const describeWithFixtures = haveFixtures ? describe : describe.skip;

export type FixtureName = 'alpine-310.json' | 'centos-7.json' | 'npm.json';

export const fixturePath = (name: FixtureName): string => join(fixturesDir, name);

export const readFixture = (name: FixtureName): string => readFileSync(fixturePath(name), 'utf8');

/** A mutable Trivy vulnerability, as far as the tests change it. */
export interface RawVulnerability {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Status?: string;
  Severity: string;
  [field: string]: unknown;
}

export interface RawReport {
  SchemaVersion: unknown;
  Results: { Target: string; Vulnerabilities?: RawVulnerability[]; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** A report derived from a real fixture: `change` edits a deep copy, and the result is returned as JSON text. */
export function deriveReport(name: FixtureName, change: (report: RawReport) => void): string {
  const report = JSON.parse(readFixture(name)) as RawReport;
  change(report);
  return JSON.stringify(report, null, 2);
}

/** The fixture's n-th vulnerability of its first result. */
export function vuln(report: RawReport, n: number): RawVulnerability {
  const v = report.Results[0]?.Vulnerabilities?.[n];
  if (!v) throw new Error(`fixture has no vulnerability #${n}`);
  return v;
}
