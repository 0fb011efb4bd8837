// The gate's counting rules on real Trivy reports, and on reports derived from them (a severity raised, a
// status changed, a result repeated) for the cases the fixtures do not contain.
import { expect, it } from '@jest/globals';
import { evaluate, type GateOptions, isFixable } from '../src/gate.js';
import { parseReport, type Severity } from '../src/report.js';
import {
  deriveReport,
  describeWithFixtures,
  type FixtureName,
  type RawReport,
  readFixture,
  vuln,
} from './fixtures.js';

const options = (over: Partial<GateOptions> = {}): GateOptions => ({
  blockOn: new Set<Severity>(['CRITICAL']),
  ignoreUnfixed: false,
  ignoredIds: new Set(),
  ...over,
});

const findingsOf = (json: string) => parseReport(json, 'test').findings;
const fixture = (name: FixtureName) => findingsOf(readFixture(name));

/** alpine-310 with CVE-2019-1549 raised to CRITICAL and CVE-2019-1551 to HIGH (in both packages each). */
const raised = (report: RawReport) => {
  for (const v of report.Results[0]?.Vulnerabilities ?? []) {
    v.Severity = v.VulnerabilityID === 'CVE-2019-1549' ? 'CRITICAL' : 'HIGH';
  }
};

describeWithFixtures('evaluate', () => {
  it('counts alpine-310 as 4 MEDIUM: nothing blocks at the default CRITICAL, all 4 at MEDIUM', () => {
    const atDefault = evaluate(fixture('alpine-310.json'), options());
    expect(atDefault.counts).toEqual({ UNKNOWN: 0, LOW: 0, MEDIUM: 4, HIGH: 0, CRITICAL: 0 });
    expect(atDefault.blocking).toEqual([]);
    const atMedium = evaluate(fixture('alpine-310.json'), options({ blockOn: new Set(['MEDIUM']) }));
    expect(atMedium.blocking).toHaveLength(4);
  });

  it('blocks CRITICAL and HIGH findings, most severe first', () => {
    const e = evaluate(
      findingsOf(deriveReport('alpine-310.json', raised)),
      options({ blockOn: new Set(['CRITICAL', 'HIGH']) }),
    );
    expect(e.counts).toEqual({ UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 2, CRITICAL: 2 });
    expect(e.blocking.map((f) => [f.id, f.pkg, f.severity])).toEqual([
      ['CVE-2019-1549', 'libcrypto1.1', 'CRITICAL'],
      ['CVE-2019-1549', 'libssl1.1', 'CRITICAL'],
      ['CVE-2019-1551', 'libcrypto1.1', 'HIGH'],
      ['CVE-2019-1551', 'libssl1.1', 'HIGH'],
    ]);
    const criticalOnly = evaluate(findingsOf(deriveReport('alpine-310.json', raised)), options());
    expect(criticalOnly.blocking.map((f) => f.id)).toEqual(['CVE-2019-1549', 'CVE-2019-1549']);
  });

  it('leaves out every finding of an ignored ID and counts the rest', () => {
    const e = evaluate(
      findingsOf(deriveReport('alpine-310.json', raised)),
      options({
        blockOn: new Set(['CRITICAL', 'HIGH']),
        ignoredIds: new Set(['CVE-2019-1549', 'CVE-0000-0000']),
      }),
    );
    expect(e.ignored.map((f) => [f.id, f.pkg])).toEqual([
      ['CVE-2019-1549', 'libcrypto1.1'],
      ['CVE-2019-1549', 'libssl1.1'],
    ]);
    expect(e.counted).toHaveLength(2);
    expect(e.counts.CRITICAL).toBe(0);
    expect(e.blocking.map((f) => f.severity)).toEqual(['HIGH', 'HIGH']);
  });

  it('with ignore-unfixed, leaves out centos-7 bash (will_not_fix, no fixed version)', () => {
    const all = evaluate(fixture('centos-7.json'), options({ blockOn: new Set(['LOW']) }));
    expect(all.counts).toMatchObject({ MEDIUM: 1, LOW: 2 });
    const fixable = evaluate(
      fixture('centos-7.json'),
      options({ blockOn: new Set(['LOW']), ignoreUnfixed: true }),
    );
    expect(fixable.unfixed.map((f) => [f.id, f.pkg])).toEqual([['CVE-2019-18276', 'bash']]);
    expect(fixable.counts).toMatchObject({ MEDIUM: 1, LOW: 1 });
    expect(fixable.blocking.map((f) => f.id)).toEqual(['CVE-2018-0734']);
  });

  it('treats a fixed version with a status other than fixed as unfixed, and no status (old Trivy) as fixable', () => {
    const json = deriveReport('centos-7.json', (r) => {
      vuln(r, 1).Status = 'affected';
      delete vuln(r, 2).Status;
    });
    const [bash, affected, noStatus] = findingsOf(json);
    expect([bash, affected, noStatus].map((f) => f && isFixable(f))).toEqual([false, false, true]);
    const e = evaluate(findingsOf(json), options({ ignoreUnfixed: true }));
    expect(e.counted.map((f) => f.id)).toEqual(['CVE-2018-0734']);
  });

  it('counts a vulnerability once per (ID, package, installed version, target)', () => {
    // The same result twice (Trivy can list a package once per layer path): counted once.
    const repeated = deriveReport('alpine-310.json', (r) => {
      r.Results.push(structuredClone(r.Results[0]) as RawReport['Results'][number]);
    });
    expect(findingsOf(repeated)).toHaveLength(8);
    expect(evaluate(findingsOf(repeated), options()).counted).toHaveLength(4);
    // The same vulnerabilities in a second target (another image layer's OS, a copied lock file): counted again.
    const secondTarget = deriveReport('alpine-310.json', (r) => {
      const copy = structuredClone(r.Results[0]) as RawReport['Results'][number];
      copy.Target = 'opt/app (alpine 3.10.2)';
      r.Results.push(copy);
    });
    expect(evaluate(findingsOf(secondTarget), options()).counts.MEDIUM).toBe(8);
    // Another installed version of the same package: a separate finding.
    const otherVersion = deriveReport('alpine-310.json', (r) => {
      const copy = structuredClone(vuln(r, 0));
      copy.InstalledVersion = '1.1.1b-r1';
      r.Results[0]?.Vulnerabilities?.push(copy);
    });
    expect(evaluate(findingsOf(otherVersion), options()).counted).toHaveLength(5);
  });

  it('counts every target of a report: OS packages and a lock file together', () => {
    const merged = deriveReport('alpine-310.json', (r) => {
      const npm = JSON.parse(readFixture('npm.json')) as RawReport;
      r.Results.push(...npm.Results);
    });
    const e = evaluate(findingsOf(merged), options({ blockOn: new Set(['MEDIUM']) }));
    expect(e.counted).toHaveLength(5);
    expect(new Set(e.blocking.map((f) => f.target)).size).toBe(2);
  });

  it('counts UNKNOWN in the total and blocks it only when asked', () => {
    const json = deriveReport('npm.json', (r) => {
      vuln(r, 0).Severity = 'UNKNOWN';
    });
    expect(evaluate(findingsOf(json), options()).blocking).toEqual([]);
    const e = evaluate(findingsOf(json), options({ blockOn: new Set(['UNKNOWN']) }));
    expect([e.counted.length, e.counts.UNKNOWN, e.blocking.length]).toEqual([1, 1, 1]);
  });
});
