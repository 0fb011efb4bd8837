// The SARIF log is valid against the official SARIF 2.1.0 JSON schema (see sarif-schema.ts) and carries what
// code scanning reads: rules per ID, levels, security-severity, locations.
import { describe, expect, it } from '@jest/globals';
import type { Log } from 'sarif';
import { evaluate } from '../src/gate.js';
import { parseReport } from '../src/report.js';
import { buildSarif, targetUri } from '../src/sarif.js';
import { deriveReport, describeWithFixtures, type RawReport, readFixture } from './fixtures.js';
import { sarifSchemaErrors as schemaErrors } from './sarif-schema.js';

describe('the schema check itself', () => {
  it('rejects logs that break SARIF 2.1.0', () => {
    expect(schemaErrors({ version: '2.1.0', runs: [] })).toEqual([]);
    expect(schemaErrors({ version: '2.0.0', runs: [] })).not.toEqual([]);
    expect(schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
    expect(
      schemaErrors({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'high' }] }],
      }),
    ).not.toEqual([]);
    const location = { physicalLocation: { artifactLocation: { uri: 'img (alpine 3.10)' } } };
    const result = { message: { text: 'm' }, locations: [location] };
    expect(
      schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] }),
    ).toEqual([
      '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri must match format "uri-reference"',
    ]);
  });
});

describeWithFixtures('buildSarif', () => {
  const sarifOf = (json: string): Log => {
    const report = parseReport(json, 'test');
    return buildSarif(
      evaluate(report.findings, { blockOn: new Set(), ignoreUnfixed: false, ignoredIds: new Set() }).counted,
      {
        trivyVersion: report.trivyVersion,
      },
    );
  };

  it.each(['alpine-310.json', 'centos-7.json', 'npm.json'] as const)(
    'writes a schema-valid log for %s',
    (name) => {
      expect(schemaErrors(sarifOf(readFixture(name)))).toEqual([]);
    },
  );

  it('has one rule per vulnerability ID and one result per finding, with levels and security-severity', () => {
    const log = sarifOf(
      deriveReport('alpine-310.json', (r: RawReport) => {
        for (const v of r.Results[0]?.Vulnerabilities ?? []) {
          v.Severity = v.VulnerabilityID === 'CVE-2019-1549' ? 'CRITICAL' : 'LOW';
        }
      }),
    );
    expect(schemaErrors(log)).toEqual([]);
    const run = log.runs[0];
    const rules = run?.tool.driver.rules ?? [];
    expect(rules.map((r) => [r.id, r.properties?.['security-severity'], r.helpUri])).toEqual([
      ['CVE-2019-1549', '9.5', 'https://avd.aquasec.com/nvd/cve-2019-1549'],
      ['CVE-2019-1551', '2.0', 'https://avd.aquasec.com/nvd/cve-2019-1551'],
    ]);
    const results = run?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['CVE-2019-1549', 0, 'error'],
      ['CVE-2019-1549', 0, 'error'],
      ['CVE-2019-1551', 1, 'note'],
      ['CVE-2019-1551', 1, 'note'],
    ]);
    expect(results[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'testdata/fixtures/images/alpine-310.tar.gz',
    );
    expect(results[1]?.message.text).toContain('libssl1.1 1.1.1c-r0');
  });

  it('maps MEDIUM to warning and points lock file findings at the lock file', () => {
    const results = sarifOf(readFixture('npm.json')).runs[0]?.results ?? [];
    expect(results.map((r) => [r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri])).toEqual([
      ['warning', 'package-lock.json'],
    ]);
  });

  it('writes a valid, empty run when nothing is counted', () => {
    const log = buildSarif([]);
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results).toEqual([]);
  });
});

describe('targetUri', () => {
  it('drops the OS part of a target and keeps image references valid URI references', () => {
    expect(targetUri('ghcr.io/acme/app:1.2 (debian 12.5)')).toBe('ghcr.io/acme/app%3A1.2');
    expect(targetUri('localhost:5000/app@sha256:abc')).toBe('localhost%3A5000/app%40sha256%3Aabc');
    expect(targetUri('usr/lib/app/package-lock.json')).toBe('usr/lib/app/package-lock.json');
    const log = buildSarif([
      {
        id: 'CVE-1',
        pkg: 'p',
        installed: '1',
        fixed: undefined,
        status: undefined,
        severity: 'HIGH',
        title: undefined,
        url: undefined,
        target: 'localhost:5000/my app@sha256:abc (alpine 3.20)',
      },
    ]);
    expect(schemaErrors(log)).toEqual([]);
  });
});
