import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'undocumented-permissions';

describe(rule, () => {
  it('fails on a job write without a comment saying why, once per block at its first such write', async () => {
    const noReason = CLEAN.replace('      contents: read\n', '      contents: write\n      issues: write\n');
    expect(await linesOf(rule, noReason)).toEqual([8]);
    expect(await rulesOf(noReason.replace('contents: write', 'contents: write # push the tag'))).toEqual([
      rule,
    ]);
    expect(
      await rulesOf(
        noReason
          .replace('contents: write', 'contents: write # push the tag')
          .replace('issues: write', 'issues: write # label'),
      ),
    ).toEqual([]);
  });
});
