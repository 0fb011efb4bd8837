import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'production-secrets';
const withKey = (expression: string) =>
  CLEAN.replace('head_commit.message }}', `head_commit.message }}\n          KEY: \${{ ${expression} }}`);
const production =
  '    runs-on: ubuntu-24.04\n    environment: production\n    concurrency:\n      group: prod\n      cancel-in-progress: false\n';

describe(rule, () => {
  it('fails on a production secret outside environment: production, at its line, in any spelling', async () => {
    expect(await linesOf(rule, withKey('secrets.GH_APP_PRIVATE_KEY'))).toEqual([16]);
    expect(await linesOf(rule, withKey("secrets['GH_APP_PRIVATE_KEY']"))).toEqual([16]);
    expect(await linesOf(rule, withKey('Secrets.prod_db_password'))).toEqual([16]);
    expect(await linesOf(rule, withKey('vars.AWS_RELEASE_ROLE_ARN'))).toEqual([16]);
  });

  it('allows it in a job of the production environment', async () => {
    const inProduction = withKey('secrets.GH_APP_PRIVATE_KEY').replace(
      '    runs-on: ubuntu-24.04\n',
      production,
    );
    expect(await rulesOf(inProduction)).toEqual([]);
  });

  it('allows the App key in the dev environment, but not a production secret there', async () => {
    const inDev = (text: string) =>
      text.replace(
        '    runs-on: ubuntu-24.04\n',
        '    runs-on: ubuntu-24.04\n    environment: dev\n    concurrency:\n      group: dev\n      cancel-in-progress: false\n',
      );
    expect(await rulesOf(inDev(withKey('secrets.GH_APP_PRIVATE_KEY')))).toEqual([]);
    expect(await linesOf(rule, inDev(withKey('secrets.PROD_DATABASE_URL')))).toEqual([20]);
  });

  it('fails on the production environment in a workflow that pull requests trigger', async () => {
    const text = CLEAN.replace('on: push', 'on: pull_request').replace(
      '    runs-on: ubuntu-24.04\n',
      production,
    );
    expect(await linesOf(rule, text)).toEqual([7]);
  });
});
