import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'insecure-commands';
const withEnv = (value: string) =>
  CLEAN.replace(
    'head_commit.message }}',
    `head_commit.message }}\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: ${value}`,
  );

describe(rule, () => {
  it('fails on ACTIONS_ALLOW_UNSECURE_COMMANDS: true, at the env: line', async () => {
    expect(await linesOf(rule, withEnv('true'))).toEqual([14]);
    expect(await linesOf(rule, withEnv('"TRUE"'))).toEqual([14]);
  });

  it('fails on an env: computed by an expression', async () => {
    const text = CLEAN.replace(/ {8}env:\n.*\n/, '        env: ${{ fromJSON(needs.plan.outputs.env) }}\n');
    expect(await linesOf(rule, text)).toEqual([14]);
  });

  it('allows false or anything but true', async () => {
    expect(await linesOf(rule, withEnv('false'))).toEqual([]);
    expect(await linesOf(rule, withEnv('yes'))).toEqual([]);
  });
});
