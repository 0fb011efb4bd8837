// run(deps) in process, with an injected clock, so ignore expiry is tested on exact days. Inputs, outputs and
// the summary go through @actions/core's real file commands (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { parseFileCommands } from '../../../scripts/lib/runner-protocol.js';
import { IgnoreFileError } from '../src/ignore-file.js';
import { type Deps, defaultDeps, run } from '../src/main.js';
import { ReportError } from '../src/report.js';
import { ScanError } from '../src/scan.js';
import { deriveReport, describeWithFixtures, fixturePath, type RawReport, vuln } from './fixtures.js';

const files = mkdtempSync(join(tmpdir(), 'trivy-gate-main-'));
const outputFile = join(files, 'output');
const summaryFile = join(files, 'summary');
const cwd = process.cwd();
const saved = { ...process.env };
let stdout = '';
let ws = '';

beforeAll(() => {
  // @actions/core caches the summary path on first use: one file for the whole run, emptied per test.
  process.env.GITHUB_OUTPUT = outputFile;
  process.env.GITHUB_STEP_SUMMARY = summaryFile;
});
beforeEach(() => {
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  ws = mkdtempSync(join(tmpdir(), 'trivy-gate-ws-'));
  process.chdir(ws);
  stdout = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(cwd);
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});
afterAll(() => {
  process.env = saved;
});

function inputs(values: Record<string, string>) {
  const all = {
    severity: 'CRITICAL',
    'ignore-unfixed': 'false',
    'ignore-file': '.trivyignore',
    fail: 'true',
    ...values,
  };
  for (const [name, value] of Object.entries(all)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

const outputs = () => parseFileCommands(readFileSync(outputFile, 'utf8'));
const summary = () => readFileSync(summaryFile, 'utf8');
const warnings = () => stdout.split('\n').filter((line) => line.startsWith('::warning::'));

/** Deps with a fixed clock; scanning fails the test if reached. */
const at = (iso: string, over: Partial<Deps> = {}): Deps => ({
  ...defaultDeps,
  now: () => new Date(iso),
  which: async () => {
    throw new Error('no scan expected');
  },
  ...over,
});

/** alpine-310 with CVE-2019-1549 raised to CRITICAL (both packages). */
const raised = (r: RawReport) => {
  for (const v of r.Results[0]?.Vulnerabilities ?? [])
    if (v.VulnerabilityID === 'CVE-2019-1549') v.Severity = 'CRITICAL';
};

describeWithFixtures('run with an injected clock', () => {
  beforeEach(() => {
    writeFileSync('report.json', deriveReport('alpine-310.json', raised));
    writeFileSync('.trivyignore', '# until the base image is rebuilt\nCVE-2019-1549 exp:2026-06-30\n');
    inputs({ report: 'report.json' });
  });

  it('applies an ignore through the day before its exp: date (UTC)', async () => {
    await run(at('2026-06-29T23:59:59Z'));
    expect(outputs()).toEqual({ total: '2', blocking: '0', critical: '0', high: '0', medium: '2', low: '0' });
    expect(warnings()).toEqual([]);
    expect(summary()).toContain('Trivy gate passed');
  });

  it('stops applying it on the exp: date, warns listing it, and fails on what it hid', async () => {
    await expect(run(at('2026-06-30T00:00:00Z'))).rejects.toThrow(/2 blocking .*CVE-2019-1549/);
    expect(outputs()).toEqual({ total: '4', blocking: '2', critical: '2', high: '0', medium: '2', low: '0' });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('CVE-2019-1549 (exp:2026-06-30, line 2)');
    expect(summary()).toContain('Expired ignores');
  });
});

describeWithFixtures('run', () => {
  it('with ignore-unfixed, counts only fixable findings of centos-7', async () => {
    inputs({ report: fixturePath('centos-7.json'), severity: 'LOW', 'ignore-unfixed': 'true' });
    await expect(run(at('2026-01-01T00:00:00Z'))).rejects.toThrow(/CVE-2018-0734/);
    expect(outputs()).toEqual({ total: '2', blocking: '1', critical: '0', high: '0', medium: '1', low: '1' });
    expect(summary()).toContain('Left out by ignore-unfixed (no fix yet): 1 findings');
  });

  it('escapes report text in the summary and links only http(s) URLs', async () => {
    writeFileSync(
      'report.json',
      deriveReport('npm.json', (r) =>
        Object.assign(vuln(r, 0), {
          Severity: 'CRITICAL',
          Title: '<img src=x onerror=alert(1)>',
          PrimaryURL: 'javascript:alert(1)',
        }),
      ),
    );
    inputs({ report: 'report.json', fail: 'false' });
    await run(at('2026-01-01T00:00:00Z'));
    expect(outputs().blocking).toBe('1');
    expect(summary()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(summary()).not.toContain('<img');
    expect(summary()).not.toContain('javascript:');
  });

  it('caps the summary table at 100 rows and the failure message at 30 IDs, counting all', async () => {
    writeFileSync(
      'report.json',
      deriveReport('npm.json', (r) => {
        const template = vuln(r, 0);
        const many = Array.from({ length: 120 }, (_, i) => ({
          ...template,
          VulnerabilityID: `CVE-2026-${String(10000 + i)}`,
          Severity: 'CRITICAL',
        }));
        if (r.Results[0]) r.Results[0].Vulnerabilities = many;
      }),
    );
    inputs({ report: 'report.json' });
    const failure = run(at('2026-01-01T00:00:00Z'));
    await expect(failure).rejects.toThrow(/CVE-2026-10029 and 90 more/);
    await expect(failure).rejects.not.toThrow(/CVE-2026-10030/);
    expect(outputs()).toMatchObject({ total: '120', blocking: '120', critical: '120' });
    expect(summary().match(/<tr><td>/g)).toHaveLength(100);
    expect(summary()).toContain('and 20 more blocking findings');
  });

  it('rejects a file that is not a Trivy report and sets no outputs', async () => {
    writeFileSync(
      'report.json',
      deriveReport('npm.json', (r) => {
        r.SchemaVersion = 1;
      }),
    );
    inputs({ report: 'report.json' });
    await expect(run(at('2026-01-01T00:00:00Z'))).rejects.toThrow(ReportError);
    expect(outputs()).toEqual({});
  });

  it('rejects a bad ignore file before scanning', async () => {
    writeFileSync('.trivyignore', 'CVE-2019-1549 exp:2026-02-30\n');
    inputs({ 'image-ref': 'alpine:3.10' });
    const which = jest.fn(async () => '/usr/bin/trivy');
    await expect(run(at('2026-01-01T00:00:00Z', { which }))).rejects.toThrow(IgnoreFileError);
    expect(which).not.toHaveBeenCalled();
  });
});

describe('run without Trivy', () => {
  it('fails saying to install Trivy, without running anything', async () => {
    inputs({ 'image-ref': 'alpine:3.10' });
    const exec = jest.fn(async () => ({ exitCode: 0, stderr: '' }));
    await expect(run(at('2026-01-01T00:00:00Z', { which: async () => '', exec }))).rejects.toThrow(ScanError);
    expect(exec).not.toHaveBeenCalled();
    expect(outputs()).toEqual({});
  });
});
