// The .trivyignore format as Trivy reads it, with expiry decided by an injected date (never the real clock).
import { describe, expect, it } from '@jest/globals';
import { activeIgnores, IgnoreFileError, isIsoDate, parseIgnoreFile, utcDate } from '../src/ignore-file.js';

const FILE = [
  '# Accepted: only exploitable with local access',
  'CVE-2019-18276',
  '',
  '   # indented comment',
  'CVE-2019-1549 exp:2026-12-01',
  'CVE-2019-1551\texp:2026-06-30   reviewed by security',
  'GHSA-xxxx-yyyy-zzzz  not reachable from our code',
  'CVE-2018-0734 exp:2026-06-29',
  '',
].join('\n');

describe('parseIgnoreFile', () => {
  it('reads IDs, optional exp: dates and line numbers, skipping comments, blank lines and notes', () => {
    expect(parseIgnoreFile(FILE, '.trivyignore')).toEqual([
      { id: 'CVE-2019-18276', expires: undefined, line: 2 },
      { id: 'CVE-2019-1549', expires: '2026-12-01', line: 5 },
      { id: 'CVE-2019-1551', expires: '2026-06-30', line: 6 },
      { id: 'GHSA-xxxx-yyyy-zzzz', expires: undefined, line: 7 },
      { id: 'CVE-2018-0734', expires: '2026-06-29', line: 8 },
    ]);
  });

  it('reads Windows line endings', () => {
    expect(parseIgnoreFile('CVE-1\r\nCVE-2 exp:2030-01-01\r\n', 'f').map((e) => e.id)).toEqual([
      'CVE-1',
      'CVE-2',
    ]);
  });

  it.each([
    ['CVE-1 exp:2026-13-01', /line 1: invalid expiry 'exp:2026-13-01'/],
    ['# ok\nCVE-1 exp:2026-02-30', /line 2: invalid expiry/],
    ['CVE-1 exp:31/12/2026', /invalid expiry/],
    ['CVE-1 exp:', /invalid expiry/],
    ['exp:2026-01-01', /expected a vulnerability ID/],
  ])('rejects %j naming the file and line', (text, message) => {
    expect(() => parseIgnoreFile(text, "input 'ignore-file' (.trivyignore)")).toThrow(IgnoreFileError);
    expect(() => parseIgnoreFile(text, "input 'ignore-file' (.trivyignore)")).toThrow(message);
  });

  it('reads an empty file as no entries', () => {
    expect(parseIgnoreFile('', 'f')).toEqual([]);
  });
});

describe('activeIgnores on an injected date', () => {
  const entries = parseIgnoreFile(FILE, '.trivyignore');

  it('applies an entry before its exp: date and drops it from that date on, as Trivy does', () => {
    const on = (today: string) => {
      const { active, expired } = activeIgnores(entries, today);
      return { active: [...active].sort(), expired: expired.map((e) => e.id) };
    };
    expect(on('2026-06-28')).toEqual({
      active: ['CVE-2018-0734', 'CVE-2019-1549', 'CVE-2019-1551', 'CVE-2019-18276', 'GHSA-xxxx-yyyy-zzzz'],
      expired: [],
    });
    expect(on('2026-06-29')).toEqual({
      active: ['CVE-2019-1549', 'CVE-2019-1551', 'CVE-2019-18276', 'GHSA-xxxx-yyyy-zzzz'],
      expired: ['CVE-2018-0734'],
    });
    expect(on('2026-07-01').expired).toEqual(['CVE-2019-1551', 'CVE-2018-0734']);
    expect(on('2027-01-01').active).toEqual(['CVE-2019-18276', 'GHSA-xxxx-yyyy-zzzz']);
  });

  it('keeps an ID active when another, unexpired line lists it too', () => {
    const twice = parseIgnoreFile('CVE-1 exp:2020-01-01\nCVE-1 exp:2030-01-01', 'f');
    const { active, expired } = activeIgnores(twice, '2026-01-01');
    expect([...active]).toEqual(['CVE-1']);
    expect(expired).toEqual([{ id: 'CVE-1', expires: '2020-01-01', line: 1 }]);
  });
});

describe('dates', () => {
  it('takes the UTC date of an instant', () => {
    expect(utcDate(new Date('2026-06-29T23:59:59-05:00'))).toBe('2026-06-30');
    expect(utcDate(new Date('2026-06-30T00:30:00+02:00'))).toBe('2026-06-29');
  });

  it('accepts only real calendar dates', () => {
    expect(['2024-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-00-10', '2026-1-01', '20260101'].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
