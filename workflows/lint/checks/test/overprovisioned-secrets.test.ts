import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'overprovisioned-secrets';
const withValue = (expression: string) =>
  CLEAN.replace('head_commit.message }}', `head_commit.message }}\n          ALL: \${{ ${expression} }}`);

describe(rule, () => {
  it('fails on toJSON(secrets) and on a computed secrets[…], at the line', async () => {
    expect(await linesOf(rule, withValue('toJSON(secrets)'))).toEqual([16]);
    expect(await linesOf(rule, withValue("format('{0}', ToJson(SECRETS))"))).toEqual([16]);
    expect(await linesOf(rule, withValue('secrets[matrix.name]'))).toEqual([16]);
  });

  it('allows secrets named one by one', async () => {
    expect(await linesOf(rule, withValue("secrets.A && secrets['B']"))).toEqual([]);
  });
});
