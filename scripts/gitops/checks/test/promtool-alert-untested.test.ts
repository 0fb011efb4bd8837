import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { formatFinding } from '../../../checks/finding.js';
import { coverageGaps } from '../../promtool.js';
import { MONITORING, RULES, repoRoot, validateEdited } from '../../test/monitoring-case.js';

describe('promtool-alert-untested', () => {
  it('passes as committed: every alert fires and clears in a test', () => {
    const rules = parse(readFileSync(join(repoRoot, RULES), 'utf8'));
    const tests = parse(readFileSync(join(repoRoot, `${MONITORING}/alerts.test.yaml`), 'utf8'));
    expect(coverageGaps(rules.spec.groups, tests)).toEqual([]);
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
    expect(findings.map(formatFinding)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${RULES}:\\d+: promtool-alert-untested: PrometheusRule monitoring/shop-alerts: alert PodRestarting has no test case in which it is silent \\(cleared\\)$`,
        ),
      ),
    );
  });
});
