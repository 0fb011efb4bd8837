import { describe, expect, it } from '@jest/globals';
import { CLEAN, linesOf, rulesOf } from './example.js';

const rule = 'id-token';
const withIdToken = CLEAN.replace(
  '      contents: read\n',
  "      contents: read\n      id-token: write # 'because'\n",
);

describe(rule, () => {
  it('fails on id-token: write in a job that neither logs in to AWS nor attests, at its line', async () => {
    expect(await linesOf(rule, withIdToken)).toEqual([9]);
  });

  it('allows it on a job that logs in to AWS or attests (owner and name in any case)', async () => {
    const login = withIdToken.replace(
      '      - name: Greet',
      '      - uses: ./actions/aws-oidc-login\n        with:\n          role-arn: x\n          aws-region: y\n      - name: Greet',
    );
    expect(await rulesOf(login)).toEqual([]);
    const attest = withIdToken.replace(
      '      - name: Greet',
      `      - uses: Actions/Attest-Build-Provenance@${'b'.repeat(40)} # v3\n      - name: Greet`,
    );
    expect(await rulesOf(attest)).toEqual([]);
  });
});
