import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'excessive-permissions';

describe(rule, () => {
  it('fails on top-level write-all, at its line', async () => {
    expect(await linesOf(rule, CLEAN.replace('permissions: {}', 'permissions: write-all'))).toEqual([3]);
  });

  it('fails on a top-level write, top-level read-all, or no top-level permissions', async () => {
    expect(await rulesOf(CLEAN.replace('permissions: {}', 'permissions:\n  contents: write # x'))).toContain(
      rule,
    );
    expect(await linesOf(rule, CLEAN.replace('permissions: {}', 'permissions: read-all'))).toEqual([3]);
    expect(await rulesOf(CLEAN.replace('permissions: {}\n', ''))).toContain(rule);
  });

  it('fails on a job with write-all or read-all, and on a job without permissions under no top-level ones', async () => {
    expect(
      await linesOf(
        rule,
        CLEAN.replace('    permissions:\n      contents: read\n', '    permissions: write-all\n'),
      ),
    ).toEqual([7]);
    const bare = CLEAN.replace('permissions: {}\n', '').replace(
      '    permissions:\n      contents: read\n',
      '',
    );
    expect(await linesOf(rule, bare)).toEqual([1, 4]);
  });
});
