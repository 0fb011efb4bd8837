import { describe, expect, it } from '@jest/globals';
import { findings, linesOf, SHA } from './example.js';

const rule = 'secrets-inherit';
const caller = (secrets: string) => `name: Call
on: push
permissions: {}
jobs:
  call:
    permissions:
      contents: read
    uses: octo-org/example/.github/workflows/deploy.yml@${SHA} # v1.0.0
${secrets}`;

describe(rule, () => {
  it('fails on secrets: inherit, at the uses: line', async () => {
    expect(await linesOf(rule, caller('    secrets: inherit\n'))).toEqual([8]);
  });

  it('allows secrets passed by name, or none', async () => {
    expect(await linesOf(rule, caller('    secrets:\n      token: ${{ secrets.TOKEN }}\n'))).toEqual([]);
    expect(await linesOf(rule, caller(''))).toEqual([]);
  });

  it('fails, with unpinned-uses, on a reusable workflow at @main that inherits every secret', async () => {
    const text = caller('    secrets: inherit\n').replace(`@${SHA} # v1.0.0`, '@main');
    expect((await findings(text)).map((f) => [f.rule, f.line])).toEqual([
      ['secrets-inherit', 8],
      ['unpinned-uses', 8],
    ]);
  });
});
