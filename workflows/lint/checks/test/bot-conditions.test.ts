import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'bot-conditions';
const stepIf = (condition: string) =>
  CLEAN.replace('      - name: Greet\n', `      - name: Greet\n        if: ${condition}\n`);

describe(rule, () => {
  it('fails on an if: that trusts a bot by actor name or id, in any spelling, at its line', async () => {
    expect(await linesOf(rule, stepIf("github.actor == 'dependabot[bot]'"))).toEqual([14]);
    expect(
      await linesOf(rule, stepIf("${{ GitHub['ACTOR'] == 'renovate[bot]' && github.event_name == 'push' }}")),
    ).toEqual([14]);
    expect(await linesOf(rule, stepIf('github.actor_id == 49699333'))).toEqual([14]);
  });

  it("allows a check of the pull request's author", async () => {
    expect(await linesOf(rule, stepIf("github.event.pull_request.user.login == 'dependabot[bot]'"))).toEqual(
      [],
    );
  });
});
