import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'deploy-concurrency';
const deploy = (group: string) =>
  CLEAN.replace(
    '    runs-on: ubuntu-24.04\n',
    `    runs-on: ubuntu-24.04\n    environment: staging\n${group}`,
  );

describe(rule, () => {
  it('fails on a deploy job without a concurrency group, at the job', async () => {
    expect(await linesOf(rule, deploy(''))).toEqual([5]);
  });

  it('fails on a group that cancels, and on a group named per run', async () => {
    expect(
      await linesOf(rule, deploy('    concurrency:\n      group: staging\n      cancel-in-progress: true\n')),
    ).toEqual([10]);
    expect(
      await linesOf(rule, deploy('    concurrency:\n      group: staging-${{ github.run_id }}\n')),
    ).toEqual([9]);
    expect(await linesOf(rule, deploy('    concurrency:\n      group: staging\n'))).toEqual([]);
  });

  it('fails on a workflow-level group that cancels, even when the job has its own', async () => {
    const text = deploy('    concurrency:\n      group: staging\n').replace(
      'permissions: {}\n',
      'permissions: {}\nconcurrency:\n  group: ${{ github.ref }}\n  cancel-in-progress: true\n',
    );
    expect(await linesOf(rule, text)).toEqual([6]);
  });
});
