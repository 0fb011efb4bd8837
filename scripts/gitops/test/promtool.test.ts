// The alert rules through promtool, on a copy of gitops/platform/monitoring: the committed rules pass
// `promtool check rules` and `promtool test rules`; a broken expression, a changed threshold and an
// alert without a clearing case each fail, naming the file and the rule.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { formatFinding } from '../model.js';
import { coverageGaps } from '../promtool.js';
import { validateGitops } from '../validate-gitops.js';
import { copyReal, removeFixture, writeFixture } from './fixture.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const MONITORING = 'gitops/platform/monitoring';
const RULES = `${MONITORING}/alerts.yaml`;
const repos: string[] = [];
afterAll(() => repos.forEach(removeFixture));

/** A repo holding only the monitoring tree, with `edit` applied to one of its files. */
async function validateEdited(file: string, edit: (text: string) => string) {
  const repo = writeFixture({});
  repos.push(repo);
  copyReal(repo, repoRoot, MONITORING);
  const path = join(repo, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  const result = await validateGitops({ root: join(repo, 'gitops') });
  return result.findings.map(formatFinding);
}

describe('promtool on the services alert rules', () => {
  it('passes check and unit tests as committed, and every alert fires and clears in a test', async () => {
    expect(await validateEdited(RULES, (t) => t)).toEqual([]);
    const rules = parse(readFileSync(join(repoRoot, RULES), 'utf8'));
    const tests = parse(readFileSync(join(repoRoot, `${MONITORING}/alerts.test.yaml`), 'utf8'));
    expect(coverageGaps(rules.spec.groups, tests)).toEqual([]);
  });

  it('fails `promtool check rules` on an expression that does not parse', async () => {
    const findings = await validateEdited(RULES, (t) =>
      t.replace(
        'max by (namespace) (pricing_dlq_messages) > 0',
        'max by (namespace (pricing_dlq_messages) > 0',
      ),
    );
    expect(
      findings.some((f) => f.startsWith(`${RULES}: [promtool/check]`) && f.includes('PricingDeadLetters')),
    ).toBe(true);
  });

  it('fails `promtool test rules` when a threshold moves (backlog 50 -> 500)', async () => {
    const findings = await validateEdited(RULES, (t) =>
      t.replace('{state="visible"}) > 50', '{state="visible"}) > 500'),
    );
    const failure = findings.find((f) => f.startsWith(`${RULES}: [promtool/test]`));
    expect(failure).toContain('PricingQueueBacklog');
  });

  it('fails when an alert has no case in which it clears', async () => {
    const findings = await validateEdited(`${MONITORING}/alerts.test.yaml`, (text) => {
      const doc = parse(text);
      for (const test of doc.tests)
        test.alert_rule_test = test.alert_rule_test.filter(
          (c: { alertname: string; exp_alerts: unknown[] }) =>
            c.alertname !== 'PodRestarting' || c.exp_alerts.length > 0,
        );
      return stringify(doc);
    });
    expect(findings).toContain(
      `${RULES}: [promtool/alert-untested] PrometheusRule monitoring/shop-alerts: alert PodRestarting has no test case in which it is silent (cleared)`,
    );
  });
});
