import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'pin-version-comment';

describe(rule, () => {
  it('fails on a SHA pin without its version comment, at its line', async () => {
    expect(await rulesOf(CLEAN.replace(' # v7.0.1', ''))).toEqual([rule]);
    expect(await linesOf(rule, CLEAN.replace(' # v7.0.1', ''))).toEqual([10]);
  });
});
