import { describe, expect, it } from '@jest/globals';
import { formatFinding } from '../../../checks/finding.js';
import { RULES, validateEdited } from '../../test/monitoring-case.js';

describe('promtool-check', () => {
  it('passes the committed rules', async () => {
    expect((await validateEdited(RULES, (t) => t)).map(formatFinding)).toEqual([]);
  });

  it('fails `promtool check rules` on an expression that does not parse', async () => {
    const findings = await validateEdited(RULES, (t) =>
      t.replace(
        'max by (namespace) (pricing_dlq_messages) > 0',
        'max by (namespace (pricing_dlq_messages) > 0',
      ),
    );
    expect(
      findings.some(
        (f) => f.file === RULES && f.rule === 'promtool-check' && f.message.includes('PricingDeadLetters'),
      ),
    ).toBe(true);
  });
});
