import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf, SHA } from './example.js';

const rule = 'unpinned-uses';

describe(rule, () => {
  it('fails on an action not pinned to a full SHA, at its line', async () => {
    expect(
      await linesOf(rule, CLEAN.replace(`actions/checkout@${SHA} # v7.0.1`, 'actions/checkout@v7')),
    ).toEqual([10]);
    expect(await linesOf(rule, CLEAN.replace(`@${SHA}`, `@${SHA.slice(0, 12)}`))).toEqual([10]);
  });

  it("fails on a job's reusable workflow at a branch", async () => {
    const text = CLEAN.replace(
      '    runs-on: ubuntu-24.04\n',
      '    uses: octo-org/example/.github/workflows/build.yml@main\n',
    ).replace(/ {4}steps:[\s\S]*$/, '');
    expect(await linesOf(rule, text)).toEqual([6]);
  });

  it('leaves local actions and docker:// images to other checks', async () => {
    const local = CLEAN.replace(`actions/checkout@${SHA} # v7.0.1`, './actions/aws-oidc-login');
    expect(await rulesOf(local)).not.toContain(rule);
  });
});
