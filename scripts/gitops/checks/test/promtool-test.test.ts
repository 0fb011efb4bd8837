import { describe, expect, it } from '@jest/globals';
import { RULES, validateEdited } from '../../test/monitoring-case.js';

describe('promtool-test', () => {
  it('fails `promtool test rules` when a threshold moves (backlog 50 -> 500)', async () => {
    const findings = await validateEdited(RULES, (t) =>
      t.replace('{state="visible"}) > 50', '{state="visible"}) > 500'),
    );
    const failure = findings.find((f) => f.file === RULES && f.rule === 'promtool-test');
    expect(failure?.message).toContain('PricingQueueBacklog');
  });

  it('passes when the threshold stays where the tests expect it', async () => {
    const findings = await validateEdited(RULES, (t) => t);
    expect(findings.filter((f) => f.rule === 'promtool-test')).toEqual([]);
  });
});
