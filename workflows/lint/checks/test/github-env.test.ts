import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'github-env';
const writing = (on: string, line: string) =>
  CLEAN.replace('on: push', on).replace('run: echo "$TITLE"', `run: |\n          ${line}`);

describe(rule, () => {
  it('fails on a computed value written to $GITHUB_ENV or $GITHUB_PATH in a privileged workflow', async () => {
    expect(
      await linesOf(rule, writing('on: pull_request_target', 'echo "TITLE=$TITLE" >> "$GITHUB_ENV"')),
    ).toEqual([16]);
    expect(await linesOf(rule, writing('on: workflow_run', 'echo "$TITLE" | tee -a $GITHUB_PATH'))).toEqual([
      16,
    ]);
  });

  it('allows fixed text, and any write in a workflow forks cannot trigger with secrets', async () => {
    expect(
      await linesOf(rule, writing('on: pull_request_target', 'echo "MODE=release" >> "$GITHUB_ENV"')),
    ).toEqual([]);
    expect(await linesOf(rule, writing('on: push', 'echo "SHA=$GITHUB_SHA" >> "$GITHUB_ENV"'))).toEqual([]);
  });
});

describe(`${rule} in any workflow`, () => {
  it('fails on a value an attacker can choose, passed through env:, written to $GITHUB_ENV', async () => {
    const issue = CLEAN.replace('on: push', 'on: issues').replace('head_commit.message }}', 'issue.title }}');
    const text = issue.replace('run: echo "$TITLE"', 'run: echo "TITLE=${TITLE}" >> "$GITHUB_ENV"');
    expect(await linesOf(rule, text)).toEqual([16]);
    const fixed = text.replace('TITLE: ${{ github.event.issue.title }}', 'TITLE: release');
    expect(await linesOf(rule, fixed)).toEqual([]);
  });
});
