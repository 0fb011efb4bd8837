import { describe, expect, it } from '@jest/globals';
import { CLEAN, findings, linesOf, rulesOf } from './example.js';

const rule = 'template-injection';

describe(rule, () => {
  it('fails on an attacker-controlled value expanded in run:, at its line', async () => {
    const text = CLEAN.replace('run: echo "$TITLE"', 'run: echo "${{ github.event.head_commit.message }}"');
    expect(await linesOf(rule, text)).toEqual([16]);
    expect((await findings(text))[0]?.message).toMatch(
      /^job build: `\$\{\{ github\.event\.head_commit\.message \}\}`/,
    );
  });

  it('reads contexts as GitHub does: any case, index syntax, the line inside a multi-line script', async () => {
    const text = CLEAN.replace(
      'run: echo "$TITLE"',
      'run: |\n          echo start\n          echo "${{ GitHub[\'event\'].Head_Commit.MESSAGE }}"',
    );
    expect(await linesOf(rule, text)).toEqual([18]);
  });

  it('follows a value through env:, and leaves a fixed one alone', async () => {
    const viaEnv = CLEAN.replace('run: echo "$TITLE"', 'run: echo "${{ env.TITLE }}"');
    expect(await linesOf(rule, viaEnv)).toEqual([16]);
    const fixed = CLEAN.replace('TITLE: ${{ github.event.head_commit.message }}', 'TITLE: hello').replace(
      'run: echo "$TITLE"',
      'run: echo "${{ env.TITLE }} ${{ github.sha }} ${{ secrets.TOKEN }}"',
    );
    expect(await rulesOf(fixed)).not.toContain(rule);
    const fixedExpression = CLEAN.replace(
      '${{ github.event.head_commit.message }}',
      '${{ github.sha }}',
    ).replace('run: echo "$TITLE"', 'run: echo "${{ env.title }}"');
    expect(await rulesOf(fixedExpression)).not.toContain(rule);
    expect((await findings(viaEnv))[0]?.message).toContain(
      'env.title is set from github.event.head_commit.message, which may hold text an attacker chose',
    );
  });

  it('follows matrix values: a fixed list is safe, fromJSON of an output is not', async () => {
    const matrix = (values: string) =>
      CLEAN.replace(
        '    steps:\n',
        `    strategy:\n      matrix:\n        target: ${values}\n    steps:\n`,
      ).replace('run: echo "$TITLE"', 'run: echo "${{ matrix.target }}"');
    expect(await rulesOf(matrix('[a, b]'))).not.toContain(rule);
    expect(await linesOf(rule, matrix('${{ fromJSON(needs.plan.outputs.targets) }}'))).toEqual([19]);
    expect(await rulesOf(matrix(`\${{ fromJSON('["a", "b"]') }}`))).not.toContain(rule);
  });

  it('reports step outputs and script inputs of code-running actions', async () => {
    const output = CLEAN.replace('run: echo "$TITLE"', 'run: echo "${{ steps.read.outputs.title }}"');
    expect(await linesOf(rule, output)).toEqual([16]);
    const script = CLEAN.replace(
      '        run: echo "$TITLE"\n',
      `        uses: actions/github-script@${'a'.repeat(40)} # v8\n        with:\n          script: console.log("\${{ github.head_ref }}")\n`,
    );
    expect(await linesOf(rule, script)).toEqual([18]);
  });
});
