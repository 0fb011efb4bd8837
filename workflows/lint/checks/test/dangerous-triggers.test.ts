import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'dangerous-triggers';

describe(rule, () => {
  it('fails on pull_request_target or workflow_run, at the trigger', async () => {
    expect(await linesOf(rule, CLEAN.replace('on: push', 'on: [push, pull_request_target]'))).toEqual([2]);
    expect(
      await linesOf(rule, CLEAN.replace('on: push', 'on:\n  workflow_run:\n    workflows: [CI]')),
    ).toEqual([3]);
  });

  it('fails on an issue_comment workflow that checks out the pull request', async () => {
    const text = CLEAN.replace('on: push', 'on: issue_comment').replace(
      '          persist-credentials: false\n',
      '          persist-credentials: false\n          ref: refs/pull/${{ github.event.issue.number }}/head\n',
    );
    expect(await linesOf(rule, text)).toEqual([13]);
    expect(await linesOf(rule, CLEAN.replace('on: push', 'on: issue_comment'))).toEqual([]);
  });
});
