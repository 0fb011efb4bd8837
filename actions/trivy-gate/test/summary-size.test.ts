// GitHub drops a job summary over 1 MiB. Whatever the report holds (100 findings with 20 KB titles,
// thousands of findings, ignores and IDs), the summary stays well under it and says what it left out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { evaluate } from '../src/gate.js';
import type { Finding } from '../src/report.js';
import { writeSummary } from '../src/summary.js';

const LIMIT = 1024 * 1024;
// One file for the whole suite: @actions/core resolves the summary path once per process.
const dir = mkdtempSync(join(tmpdir(), 'trivy-summary-'));
const file = join(dir, 'summary');
const saved = process.env.GITHUB_STEP_SUMMARY;
beforeAll(() => {
  process.env.GITHUB_STEP_SUMMARY = file;
});
beforeEach(() => writeFileSync(file, ''));
afterAll(() => {
  process.env.GITHUB_STEP_SUMMARY = saved;
  rmSync(dir, { recursive: true, force: true });
});

const finding = (i: number, size: number): Finding => ({
  id: `CVE-2026-${String(i).padStart(5, '0')}${'9'.repeat(Math.min(size, 200))}`,
  pkg: `pkg-${i}-${'p'.repeat(size)}`,
  installed: `1.${'0'.repeat(size)}`,
  fixed: `2.${'1'.repeat(size)}`,
  status: 'fixed',
  severity: 'CRITICAL',
  title: `<b>title</b> ${i} ${'t'.repeat(size)}`,
  url: `https://avd.aquasec.com/nvd/cve-${i}?${'u'.repeat(size)}`,
  target: 'img (debian 12)',
});

async function summaryOf(findings: Finding[], ignoredIds: string[], unused: string[]): Promise<string> {
  const evaluation = evaluate(findings, {
    blockOn: new Set(['CRITICAL'] as const),
    ignoredIds: new Set(ignoredIds),
    ignoreUnfixed: false,
  });
  await writeSummary({
    source: { kind: 'report', path: 'trivy.json' },
    severities: ['CRITICAL'],
    evaluation,
    ignoreFile: '.trivyignore',
    expired: ignoredIds.map((id, line) => ({ id, expires: '2020-01-01', line: line + 1 })),
    unused,
    failed: true,
  });
  return readFileSync(file, 'utf8');
}

describe('the job summary size', () => {
  it('stays well under 1 MiB with 100 findings whose fields are 20 KB each, saying what it shortened', async () => {
    const summary = await summaryOf(
      Array.from({ length: 100 }, (_, i) => finding(i, 20_000)),
      [],
      [],
    );
    expect(Buffer.byteLength(summary)).toBeLessThan(LIMIT / 4);
    expect(summary).toMatch(/shortened/i);
    expect(summary).not.toContain('<b>title</b>'); // still escaped
  });

  it('stays well under 1 MiB with thousands of findings, ignores and unused entries, counting what it left out', async () => {
    const findings = Array.from({ length: 6000 }, (_, i) => finding(i, 300));
    const ignored = findings.slice(0, 3000).map((f) => f.id);
    const unused = Array.from({ length: 3000 }, (_, i) => `CVE-2099-${i}${'x'.repeat(300)}`);
    const summary = await summaryOf(findings, ignored, unused);
    expect(Buffer.byteLength(summary)).toBeLessThan(LIMIT / 4);
    expect(summary).toContain('… and 2900 more blocking findings');
    expect(summary).toMatch(/and \d+ more/);
    // Every list that was cut says by how much.
    expect(summary.match(/and \d+ more/g)?.length).toBeGreaterThanOrEqual(4);
  });
});
