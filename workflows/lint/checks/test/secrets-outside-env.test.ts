import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'secrets-outside-env';
const withSecret = (expression: string) =>
  CLEAN.replace('head_commit.message }}', `head_commit.message }}\n          KEY: \${{ ${expression} }}`);

describe(rule, () => {
  it('fails on a secret read by a job without an environment, at its line', async () => {
    expect(await linesOf(rule, withSecret('secrets.NPM_TOKEN'))).toEqual([16]);
    expect(await linesOf(rule, withSecret("SECRETS['npm_token']"))).toEqual([16]);
  });

  it('allows GITHUB_TOKEN, the allowed secrets, a job with an environment, and reusable workflows', async () => {
    expect(await linesOf(rule, withSecret('secrets.GITHUB_TOKEN'))).toEqual([]);
    expect(await linesOf(rule, withSecret('secrets.SONAR_TOKEN'))).toEqual([]);
    const inEnvironment = withSecret('secrets.NPM_TOKEN').replace(
      '    runs-on: ubuntu-24.04\n',
      '    runs-on: ubuntu-24.04\n    environment: npm\n',
    );
    expect(await linesOf(rule, inEnvironment)).toEqual([]);
    expect(
      await linesOf(rule, withSecret('secrets.NPM_TOKEN').replace('on: push', 'on: workflow_call')),
    ).toEqual([]);
  });
});
