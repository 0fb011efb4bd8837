import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'artipacked';
const persisted = CLEAN.replace('          persist-credentials: false\n', '          fetch-depth: 0\n');

describe(rule, () => {
  it('fails on a checkout that keeps the token, at the step', async () => {
    expect(await linesOf(rule, persisted)).toEqual([10]);
    expect(await linesOf(rule, persisted.replace('actions/checkout@', 'Actions/Checkout@'))).toEqual([10]);
  });

  it('allows the token in the GitOps bump job, which must then deploy in a group', async () => {
    const bump = CLEAN.replace(
      '          persist-credentials: false\n',
      '          fetch-depth: 1\n',
    ).replace(
      '      - name: Greet',
      '      - uses: ./actions/gitops-bump\n        with:\n          path: gitops/apps/dev\n          images: a=b:c\n      - name: Greet',
    );
    expect(await rulesOf(bump)).toEqual(['deploy-concurrency']);
    const grouped = bump.replace(
      '    runs-on:',
      '    concurrency:\n      group: dev\n      cancel-in-progress: false\n    runs-on:',
    );
    expect(await rulesOf(grouped)).toEqual([]);
    expect(await rulesOf(grouped.replace('cancel-in-progress: false', 'cancel-in-progress: true'))).toEqual([
      'deploy-concurrency',
    ]);
  });
});
