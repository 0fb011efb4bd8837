// `npm run lint:workflows`: the generated workflows pass every check, each check keeps the registry's
// conventions, and the CLI prints `file:line: rule: message` (or SARIF) and exits 1 on a finding.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import type { Log } from 'sarif';
import { sarifSchemaErrors } from '../../actions/trivy-gate/test/sarif-schema.js';
import { conventionProblems } from '../../scripts/checks/conventions.js';
import { generated, ROOT } from '../generate.js';
import { WORKFLOW_CHECKS } from '../lint/checks/index.js';
import { CLEAN, findings } from '../lint/checks/test/example.js';
import { checkWorkflowText, lintWorkflowFile } from '../lint/lint.js';

describe('workflow checks', () => {
  it('find nothing in the generated workflows', async () => {
    for (const { path, text } of generated()) expect(await checkWorkflowText(path, text)).toEqual([]);
  });

  it('find nothing in the clean example the per-check tests break', async () => {
    expect(await findings(CLEAN)).toEqual([]);
  });

  it('each live in checks/<id>.ts with checks/test/<id>.test.ts and a README line', () => {
    expect(
      conventionProblems(WORKFLOW_CHECKS, {
        dir: join(ROOT, 'workflows', 'lint', 'checks'),
        readme: join(ROOT, 'workflows', 'README.md'),
      }),
    ).toEqual([]);
  });

  it('report YAML errors under yaml, and actionlint findings with their kind', async () => {
    expect((await checkWorkflowText('x.yml', 'on: push\njobs: [\n')).map((f) => f.rule)).toContain('yaml');
    const found = await lintWorkflowFile(
      'x.yml',
      CLEAN.replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.04\n    needs: [ghost]'),
    );
    expect(found.map((f) => f.rule)).toContain('actionlint/job-needs');
  });
});

describe('npm run lint:workflows', () => {
  const cli = join(ROOT, 'workflows', 'lint.ts');
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = promisify(execFile);
  const failing = (args: string[], cwd: string) =>
    run(tsx, [cli, ...args], { cwd }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => error,
    );

  it('prints file:line: rule: message for each finding and exits 1; SARIF with --format sarif --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
    writeFileSync(
      join(dir, 'bad.yml'),
      CLEAN.replace('run: echo "$TITLE"', 'run: echo "${{ github.event.head_commit.message }}"'),
    );
    const text = await failing(['bad.yml'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^bad\.yml:16: template-injection: job build: `\$\{\{ github\.event\.head_commit\.message \}\}`/m,
    );

    const sarif = await failing(['--format', 'sarif', '--output', 'out.sarif', 'bad.yml'], dir);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const result = log.runs[0]?.results?.find((r) => r.ruleId === 'template-injection');
    expect(result?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(16);
    // actionlint flags the same line in its own words, under its own kind
    expect(log.runs[0]?.results?.map((r) => r.ruleId)).toContain('actionlint/expression');
    const ids = log.runs[0]?.tool.driver.rules?.map((r) => r.id);
    expect(ids?.slice(0, WORKFLOW_CHECKS.length)).toEqual(WORKFLOW_CHECKS.map((c) => c.id));
  }, 60_000);

  it('exits 0 with no output on the committed workflows, and 2 on a bad option', async () => {
    expect(await failing([], ROOT)).toEqual({ code: 0, stdout: '' });
    expect((await failing(['--format', 'json'], ROOT)).code).toBe(2);
  }, 60_000);
});
