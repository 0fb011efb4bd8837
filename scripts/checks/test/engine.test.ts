// The shared engine: ids checked once, findings stamped by the check that found them, one text form, SARIF
// that the official 2.1.0 schema accepts, and the output options parsed strictly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { sarifSchemaErrors } from '../../../actions/trivy-gate/test/sarif-schema.js';
import { defineCheck, registry, runChecks } from '../check.js';
import { conventionProblems } from '../conventions.js';
import { failing, formatFinding, sortFindings } from '../finding.js';
import { parseOutputArgs, UsageError, writeFindings } from '../output.js';
import { toSarif } from '../sarif.js';

const noTabs = defineCheck<string[]>({
  id: 'no-tabs',
  summary: 'no tab characters',
  standsFor: ['X_1'],
  run: (lines) =>
    lines.flatMap((l, i) => (l.includes('\t') ? [{ file: 'a.txt', line: i + 1, message: 'a tab' }] : [])),
});
const short = defineCheck<string[]>({
  id: 'short-lines',
  summary: 'lines under 10 characters',
  severity: 'warning',
  run: (lines) =>
    lines.flatMap((l) => (l.length >= 10 ? [{ file: 'a.txt', message: `${l.length} long` }] : [])),
});

describe('checks and their registry', () => {
  it('refuses an id that cannot be a file name or is registered twice', () => {
    expect(() => defineCheck({ id: 'No_Tabs', summary: '', run: () => [] })).toThrow(/kebab-case/);
    expect(() => registry([noTabs, short, noTabs])).toThrow('check id no-tabs is registered twice');
  });

  it('stamps each problem with its check id and severity', async () => {
    const found = await runChecks(registry([noTabs, short]), ['ok', 'a\tb', 'much too long']);
    expect(found).toEqual([
      { file: 'a.txt', line: 2, rule: 'no-tabs', message: 'a tab', severity: 'error' },
      { file: 'a.txt', line: 1, rule: 'short-lines', message: '13 long', severity: 'warning' },
    ]);
    expect(found.map(formatFinding)).toEqual([
      'a.txt:2: no-tabs: a tab',
      'a.txt:1: short-lines: 13 long (warning)',
    ]);
    expect(sortFindings([...found, ...found]).map((f) => f.rule)).toEqual(['short-lines', 'no-tabs']);
    expect(failing(found)).toBe(true);
    expect(failing(found.filter((f) => f.severity === 'warning'))).toBe(false);
  });
});

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 with a rule per id and each finding at its line', async () => {
    const found = await runChecks([noTabs, short], ['a\tb', 'much too long']);
    const extra = {
      file: 'dir with space/b.tf',
      line: 0,
      rule: 'parse',
      message: 'bad',
      severity: 'error' as const,
    };
    const log = toSarif({ name: 'demo', readme: 'README.md' }, [noTabs, short], [...found, extra]);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = log.runs[0];
    expect(run?.tool.driver.rules?.map((r) => r.id)).toEqual(['no-tabs', 'short-lines', 'parse']);
    expect(run?.tool.driver.rules?.[0]?.properties?.tags).toEqual(['X_1']);
    expect(run?.results?.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['no-tabs', 0, 'error'],
      ['short-lines', 1, 'warning'],
      ['parse', 2, 'error'],
    ]);
    const where = run?.results?.[2]?.locations?.[0]?.physicalLocation;
    expect(where?.artifactLocation?.uri).toBe('dir%20with%20space/b.tf');
    expect(where?.region?.startLine).toBe(1);
  });
});

describe('output options', () => {
  it('parses --format and --output in both spellings and keeps the rest in order', () => {
    expect(parseOutputArgs(['--', 'a', '--format', 'sarif', '--output=x.sarif', 'b'])).toEqual({
      options: { format: 'sarif', output: 'x.sarif' },
      rest: ['a', 'b'],
    });
    expect(parseOutputArgs([])).toEqual({ options: { format: 'text' }, rest: [] });
  });

  it('refuses a bad format, a missing value and an unknown flag', () => {
    expect(() => parseOutputArgs(['--format', 'json'])).toThrow(
      new UsageError('--format must be text or sarif, not "json"'),
    );
    expect(() => parseOutputArgs(['--output'])).toThrow('--output needs a value');
    expect(() => parseOutputArgs(['--fix'])).toThrow('unknown option --fix');
  });

  it('writes SARIF to the file and the text lines to standard output', async () => {
    const found = await runChecks([noTabs], ['\t']);
    const out = join(mkdtempSync(join(tmpdir(), 'checks-')), 'r.sarif');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      writeFindings(found, { format: 'sarif', output: out }, { name: 'demo', readme: 'README.md' }, [noTabs]);
      expect(write.mock.calls.map((c) => c[0])).toEqual(['a.txt:1: no-tabs: a tab\n']);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results[0].ruleId).toBe('no-tabs');
  });
});

describe('registry conventions', () => {
  it('names each check without its file, test or README line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    writeFileSync(join(dir, 'no-tabs.ts'), '');
    writeFileSync(join(dir, 'README.md'), 'checks: `short-lines`\n');
    expect(conventionProblems([noTabs, short], { dir, readme: join(dir, 'README.md') })).toEqual([
      `no-tabs: no test/no-tabs.test.ts in ${dir}`,
      `no-tabs: ${join(dir, 'README.md')} has no line naming \`no-tabs\``,
      `short-lines: no short-lines.ts in ${dir}`,
      `short-lines: no test/short-lines.test.ts in ${dir}`,
    ]);
  });
});
