import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'cache-poisoning';
const setupNode = (inputs: string) =>
  `      - uses: actions/setup-node@${'d'.repeat(40)} # v6.0.0\n        with:\n          node-version: 20\n${inputs}`;
const job = (on: string, inputs: string) =>
  CLEAN.replace('on: push', on).replace('      - name: Greet\n', `${setupNode(inputs)}      - name: Greet\n`);

describe(rule, () => {
  it('fails on a cache in a release workflow, at the uses: line', async () => {
    expect(await linesOf(rule, job('on: release', '          cache: npm\n'))).toEqual([13]);
    expect(await linesOf(rule, job('on:\n  push:\n    tags: [v*]', '          cache: npm\n'))).toEqual([15]);
    // setup-node 5+ caches by itself unless told not to
    expect(await linesOf(rule, job('on: release', ''))).toEqual([13]);
    expect(await linesOf(rule, job('on: release', '          package-manager-cache: false\n'))).toEqual([]);
  });

  it('fails on a cache in a job that publishes or deploys', async () => {
    const publish = job('on: push', '          cache: npm\n').replace(
      'run: echo "$TITLE"',
      'run: npm publish',
    );
    expect(await linesOf(rule, publish)).toEqual([13]);
    const deploy = job('on: push', '          cache: npm\n').replace(
      '    runs-on: ubuntu-24.04\n',
      '    runs-on: ubuntu-24.04\n    environment: production\n',
    );
    expect(await linesOf(rule, deploy)).toEqual([14]);
  });

  it('allows a cache in a job that only builds and tests', async () => {
    expect(await linesOf(rule, job('on: push', '          cache: npm\n'))).toEqual([]);
    expect(await linesOf(rule, job('on: pull_request', '          cache: npm\n'))).toEqual([]);
  });
});
