import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf } from './example.js';

const rule = 'unpinned-images';
const DIGEST = `sha256:${'c'.repeat(64)}`;
const withJob = (lines: string) => CLEAN.replace('    steps:\n', `${lines}    steps:\n`);

describe(rule, () => {
  it('fails on a docker:// step without a digest, at its line', async () => {
    const text = CLEAN.replace(
      '      - name: Greet\n',
      '      - uses: docker://alpine:3.20\n      - name: Greet\n',
    );
    expect(await linesOf(rule, text)).toEqual([13]);
    expect(await linesOf(rule, text.replace('alpine:3.20', `alpine@${DIGEST}`))).toEqual([]);
  });

  it("fails on a job's container and service images without a digest", async () => {
    const text = withJob(
      '    container: node:20\n    services:\n      db:\n        image: postgres:17\n      cache:\n        image: ${{ inputs.cache-image }}\n',
    );
    expect(await linesOf(rule, text)).toEqual([9, 12, 14]);
    const pinned = withJob(
      `    container:\n      image: node@${DIGEST}\n    services:\n      db:\n        image: postgres@${DIGEST}\n`,
    );
    expect(await linesOf(rule, pinned)).toEqual([]);
  });
});
