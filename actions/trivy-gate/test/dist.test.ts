// End to end: the committed dist/index.js run as a runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY),
// on real Trivy reports from ../shared/fixtures/trivy and on reports derived from them.
//
// Trivy itself cannot be installed on this machine (no Debian package, no downloads), so the `image-ref` path
// runs against a stand-in `trivy` executable that this test writes to a folder on PATH: it checks that it got
// exactly the arguments the action documents, then writes a real fixture report to --output (or fails the way
// Trivy does for an image it cannot find). Everything after the report is written is the real path.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Log } from 'sarif';
import { type DistRun, runDist } from '../../test/helpers/run-dist.js';
import { deriveReport, describeWithFixtures, fixturePath, type RawReport } from './fixtures.js';
import { sarifSchemaErrors } from './sarif-schema.js';

const actionDir = join(import.meta.dirname, '..');
const ALL = 'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL';

const workspace = (files: Record<string, string> = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-gate-ws-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

/** The defaults the runner passes from action.yml. */
const DEFAULTS = {
  severity: 'CRITICAL',
  'ignore-unfixed': 'false',
  'ignore-file': '.trivyignore',
  fail: 'true',
};

const gate = (
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<DistRun> => runDist(actionDir, { cwd, inputs: { ...DEFAULTS, ...inputs }, env });

/** The step's error annotations (the failure message is part of the interface: it lists the blocking IDs). */
const errors = (run: DistRun) => run.log.split('\n').filter((line) => line.startsWith('::error::'));

/** alpine-310 with CVE-2019-1549 raised to CRITICAL and CVE-2019-1551 to HIGH, in both packages each. */
const raised = (r: RawReport) => {
  for (const v of r.Results[0]?.Vulnerabilities ?? []) {
    v.Severity = v.VulnerabilityID === 'CVE-2019-1549' ? 'CRITICAL' : 'HIGH';
  }
};

/** Writes the stand-in trivy; returns a PATH with it first and the file where it logs its arguments. */
function standInTrivy(): { path: string; argsLog: string } {
  const bin = mkdtempSync(join(tmpdir(), 'trivy-bin-'));
  const argsLog = join(bin, 'args.jsonl');
  const script = `#!${process.execPath}
// Stand-in for Trivy, written by actions/trivy-gate/test/dist.test.ts.
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(argsLog)}, JSON.stringify(args) + '\\n');
const expected = ['image', '--format', 'json', '--output', args[4], '--quiet', '--exit-code', '0',
  '--severity', ${JSON.stringify(ALL)}, '--ignorefile', args[11], args[12]];
const ref = String(args[12]);
if (args.length !== 13 || JSON.stringify(args) !== JSON.stringify(expected) || ref.startsWith('-')) {
  console.error('stand-in trivy: unexpected arguments ' + JSON.stringify(args));
  process.exit(64);
}
if (fs.readFileSync(args[11], 'utf8') !== '') {
  console.error('stand-in trivy: the ignore file should be empty');
  process.exit(65);
}
if (ref.startsWith('registry.invalid/missing')) {
  console.error('2026-11-24T00:00:00Z\\tFATAL\\tFatal error\\timage scan error: unable to find the specified image "' + ref + '"');
  process.exit(1);
}
if (!ref.startsWith('registry.invalid/silent')) fs.copyFileSync(process.env.STANDIN_TRIVY_REPORT, args[4]);
`;
  writeFileSync(join(bin, 'trivy'), script);
  chmodSync(join(bin, 'trivy'), 0o755);
  return { path: `${bin}${delimiter}${process.env.PATH ?? ''}`, argsLog };
}

const loggedArgs = (argsLog: string): string[][] =>
  existsSync(argsLog)
    ? readFileSync(argsLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string[])
    : [];

describeWithFixtures('trivy-gate dist with a report', () => {
  it.concurrent('passes a report with nothing at the blocking severity and outputs the counts', async () => {
    const run = await gate(workspace(), { report: fixturePath('alpine-310.json') });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      total: '4',
      blocking: '0',
      critical: '0',
      high: '0',
      medium: '4',
      low: '0',
    });
    expect(run.summary).toContain('Trivy gate passed');
    expect(run.summary).not.toContain('<table>');
  });

  it.concurrent('fails listing the blocking IDs, with a summary table and a SARIF file', async () => {
    const ws = workspace({ 'report.json': deriveReport('alpine-310.json', raised) });
    const run = await gate(ws, {
      report: 'report.json',
      severity: 'HIGH,CRITICAL',
      'sarif-output': 'out/trivy.sarif',
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({
      total: '4',
      blocking: '4',
      critical: '2',
      high: '2',
      medium: '0',
      low: '0',
    });
    expect(errors(run)).toHaveLength(1);
    expect(errors(run)[0]).toContain('CVE-2019-1549');
    expect(errors(run)[0]).toContain('CVE-2019-1551');
    const rows = run.summary.match(/<tr><td>.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('<code>CVE-2019-1549</code>');
    expect(rows[0]).toContain('CRITICAL');
    expect(rows[0]).toContain('libcrypto1.1');
    expect(rows[0]).toContain('1.1.1d-r0');
    expect(rows[0]).toContain('href="https://avd.aquasec.com/nvd/cve-2019-1549"');
    const sarif = JSON.parse(readFileSync(join(ws, 'out', 'trivy.sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]?.tool.driver.rules?.map((r) => r.id)).toEqual(['CVE-2019-1549', 'CVE-2019-1551']);
    expect(sarif.runs[0]?.results?.map((r) => r.level)).toEqual(['error', 'error', 'error', 'error']);
  });

  it.concurrent('with fail: false, passes and still outputs the counts', async () => {
    const ws = workspace({ 'report.json': deriveReport('alpine-310.json', raised) });
    const run = await gate(ws, { report: 'report.json', severity: 'CRITICAL', fail: 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ total: '4', blocking: '2', critical: '2', high: '2' });
    expect(errors(run)).toEqual([]);
    expect(run.summary).toContain('2 blocking (not failing)');
  });

  it.concurrent('applies unexpired ignores, not expired ones, and lists both in the summary', async () => {
    const ws = workspace({
      'report.json': deriveReport('alpine-310.json', raised),
      '.trivyignore': [
        '# accepted until a fixed base image ships',
        'CVE-2019-1549 exp:2999-12-31',
        'CVE-2019-1551 exp:2000-01-01',
        'CVE-1999-0001',
      ].join('\n'),
    });
    const run = await gate(ws, { report: 'report.json', severity: 'HIGH,CRITICAL' });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({
      total: '2',
      blocking: '2',
      critical: '0',
      high: '2',
      medium: '0',
      low: '0',
    });
    expect(errors(run)[0]).toContain('CVE-2019-1551');
    expect(errors(run)[0]).not.toContain('CVE-2019-1549');
    expect(run.summary).toMatch(/Ignored by <code>\.trivyignore<\/code>: <code>CVE-2019-1549<\/code> \(2\)/);
    expect(run.summary).toMatch(
      /Expired ignores.*<code>CVE-2019-1551<\/code> \(expired 2000-01-01, line 3\)/,
    );
    expect(run.summary).toMatch(/matched nothing: <code>CVE-1999-0001<\/code>/);
  });

  it.concurrent('fails, with no outputs, on a file that is not a Trivy report', async () => {
    const ws = workspace({
      'report.json': deriveReport('npm.json', (r) => {
        r.SchemaVersion = 1;
      }),
    });
    const run = await gate(ws, { report: 'report.json' });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({});
    expect(errors(run)[0]).toMatch(/report\.json.*SchemaVersion/);
  });
});

describeWithFixtures('trivy-gate dist with image-ref and a stand-in trivy', () => {
  it.concurrent('runs trivy image with the documented arguments and gates its report', async () => {
    const trivy = standInTrivy();
    const ws = workspace();
    const ref = 'registry.example.com/team/app:1.0';
    const run = await gate(
      ws,
      { 'image-ref': ref, severity: 'MEDIUM', 'sarif-output': 'trivy.sarif' },
      { PATH: trivy.path, STANDIN_TRIVY_REPORT: fixturePath('alpine-310.json') },
    );
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({
      total: '4',
      blocking: '4',
      critical: '0',
      high: '0',
      medium: '4',
      low: '0',
    });
    const calls = loggedArgs(trivy.argsLog);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.at(-1)).toBe(ref);
    // The report went to a temporary file that is gone after the run.
    expect(existsSync(calls[0]?.[4] ?? '')).toBe(false);
    expect(run.summary).toContain(`image <code>${ref}</code>`);
    expect(existsSync(join(ws, 'trivy.sarif'))).toBe(true);
  });

  it.concurrent('passes a clean scan', async () => {
    const trivy = standInTrivy();
    const ws = workspace({
      'clean.json': deriveReport('alpine-310.json', (r) => void delete r.Results[0]?.Vulnerabilities),
    });
    const run = await gate(
      ws,
      { 'image-ref': 'alpine:3.10' },
      { PATH: trivy.path, STANDIN_TRIVY_REPORT: join(ws, 'clean.json') },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      total: '0',
      blocking: '0',
      critical: '0',
      high: '0',
      medium: '0',
      low: '0',
    });
  });

  it.concurrent("fails with Trivy's own message when the scan fails, and sets no outputs", async () => {
    const trivy = standInTrivy();
    const run = await gate(workspace(), { 'image-ref': 'registry.invalid/missing:1' }, { PATH: trivy.path });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({});
    expect(run.log).toContain('unable to find the specified image');
  });

  it.concurrent('fails when trivy exits 0 without writing a report', async () => {
    const trivy = standInTrivy();
    const run = await gate(workspace(), { 'image-ref': 'registry.invalid/silent:1' }, { PATH: trivy.path });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({});
  });
});

describe('trivy-gate dist input errors', () => {
  it.concurrent('says to install Trivy when it is not on PATH', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'no-trivy-'));
    const run = await gate(workspace(), { 'image-ref': 'alpine:3.10' }, { PATH: emptyBin });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({});
    expect(errors(run)[0]).toMatch(/image-ref.*'trivy' is not on PATH.*install/);
  });

  it.concurrent('rejects image-ref and report together before running anything', async () => {
    const trivy = standInTrivy();
    const ws = workspace({ 'report.json': '{}' });
    const run = await gate(ws, { 'image-ref': 'alpine:3.10', report: 'report.json' }, { PATH: trivy.path });
    expect(run.code).toBe(1);
    expect(errors(run)[0]).toContain("'image-ref'");
    expect(loggedArgs(trivy.argsLog)).toEqual([]);
  });
});
