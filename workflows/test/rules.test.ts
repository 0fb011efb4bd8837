// Each security rule: the generated workflows pass it, and a violating example fails it at the right line.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { generated, ROOT } from '../generate.js';
import { lintWorkflowFile } from '../lint/cli.js';
import { checkWorkflow, RULES } from '../lint/rules.js';
import { parseWorkflowSource } from '../lint/source.js';

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';

/** A small clean workflow; each example below breaks one rule in it. */
const CLEAN = `name: Example
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@${SHA} # v7.0.1
        with:
          persist-credentials: false
      - name: Greet
        env:
          TITLE: \${{ github.event.head_commit.message }}
        run: echo "$TITLE"
`;

const findings = (text: string) => checkWorkflow(parseWorkflowSource('example.yml', text));
const rulesOf = (text: string) => findings(text).map((f) => f.rule);

/** rule id -> a workflow violating it, and the line the finding must name. */
const VIOLATIONS: Record<string, { text: string; line: number }> = {
  'template-injection': {
    text: CLEAN.replace('run: echo "$TITLE"', 'run: echo "${{ github.event.head_commit.message }}"'),
    line: 16,
  },
  'excessive-permissions': {
    text: CLEAN.replace('permissions: {}', 'permissions: write-all'),
    line: 3,
  },
  'id-token': {
    text: CLEAN.replace(
      '      contents: read\n',
      "      contents: read\n      id-token: write # 'because'\n",
    ),
    line: 9,
  },
  'persist-credentials': {
    text: CLEAN.replace('          persist-credentials: false\n', '          fetch-depth: 0\n'),
    line: 10,
  },
  'dangerous-triggers': { text: CLEAN.replace('on: push', 'on: [push, pull_request_target]'), line: 2 },
  'production-secrets': {
    text: CLEAN.replace(
      'head_commit.message }}',
      'head_commit.message }}\n          KEY: ${{ secrets.GH_APP_PRIVATE_KEY }}',
    ),
    line: 16,
  },
  'unpinned-uses': {
    text: CLEAN.replace(`actions/checkout@${SHA} # v7.0.1`, 'actions/checkout@v7'),
    line: 10,
  },
  'deploy-concurrency': {
    text: CLEAN.replace(
      '    runs-on: ubuntu-24.04\n',
      '    runs-on: ubuntu-24.04\n    environment: production\n',
    ),
    line: 5,
  },
};

describe('workflow security rules', () => {
  it('find nothing in the generated workflows', () => {
    for (const { path, text } of generated())
      expect(checkWorkflow(parseWorkflowSource(path, text))).toEqual([]);
  });

  it('find nothing in the clean example', () => {
    expect(findings(CLEAN)).toEqual([]);
  });

  it('each have a violating example', () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const [rule, example] of Object.entries(VIOLATIONS)) {
    it(`${rule}: the violating example fails at line ${example.line}`, () => {
      const found = findings(example.text).filter((f) => f.rule === rule);
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]?.line).toBe(example.line);
    });
  }

  it('excessive-permissions: a job write needs a comment saying why, and the top level no write', () => {
    const noReason = CLEAN.replace('      contents: read\n', '      contents: write\n');
    expect(rulesOf(noReason)).toContain('excessive-permissions');
    expect(rulesOf(noReason.replace('contents: write', 'contents: write # push the tag'))).toEqual([]);
    expect(rulesOf(CLEAN.replace('permissions: {}', 'permissions:\n  contents: write # x'))).toContain(
      'excessive-permissions',
    );
    expect(rulesOf(CLEAN.replace('permissions: {}\n', ''))).toContain('excessive-permissions');
  });

  it('id-token: allowed on a job that logs in to AWS or attests', () => {
    const login = CLEAN.replace(
      '      contents: read\n',
      '      contents: read\n      id-token: write # AWS\n',
    ).replace(
      '      - name: Greet',
      '      - uses: ./actions/aws-oidc-login\n        with:\n          role-arn: x\n          aws-region: y\n      - name: Greet',
    );
    expect(rulesOf(login)).toEqual([]);
  });

  it('persist-credentials: the GitOps bump job may keep the token, and must deploy in a group', () => {
    const bump = CLEAN.replace(
      '          persist-credentials: false\n',
      '          fetch-depth: 1\n',
    ).replace(
      '      - name: Greet',
      '      - uses: ./actions/gitops-bump\n        with:\n          path: gitops/envs/dev\n          images: a=b:c\n      - name: Greet',
    );
    expect(rulesOf(bump)).toEqual(['deploy-concurrency']);
    const grouped = bump.replace(
      '    runs-on:',
      '    concurrency:\n      group: dev\n      cancel-in-progress: false\n    runs-on:',
    );
    expect(rulesOf(grouped)).toEqual([]);
    expect(rulesOf(grouped.replace('cancel-in-progress: false', 'cancel-in-progress: true'))).toEqual([
      'deploy-concurrency',
    ]);
  });

  it('production-secrets: allowed in a job of the production environment', () => {
    const secret = VIOLATIONS['production-secrets']?.text ?? '';
    const inProduction = secret.replace(
      '    runs-on: ubuntu-24.04\n',
      '    runs-on: ubuntu-24.04\n    environment: production\n    concurrency:\n      group: prod\n      cancel-in-progress: false\n',
    );
    expect(rulesOf(inProduction)).toEqual([]);
  });

  it('production-secrets: the App key in the dev environment, but not a production secret there', () => {
    const inDev = (text: string) =>
      text.replace(
        '    runs-on: ubuntu-24.04\n',
        '    runs-on: ubuntu-24.04\n    environment: dev\n    concurrency:\n      group: dev\n      cancel-in-progress: false\n',
      );
    const appKey = VIOLATIONS['production-secrets']?.text ?? '';
    expect(rulesOf(inDev(appKey))).toEqual([]);
    expect(rulesOf(inDev(appKey.replace('GH_APP_PRIVATE_KEY', 'PROD_DATABASE_URL')))).toEqual([
      'production-secrets',
    ]);
    expect(rulesOf(appKey.replace('GH_APP_PRIVATE_KEY', 'PROD_DATABASE_URL'))).toEqual([
      'production-secrets',
    ]);
  });

  it('unpinned-uses: a SHA without the version comment is flagged too', () => {
    expect(rulesOf(CLEAN.replace(' # v7.0.1', ''))).toEqual(['unpinned-uses']);
  });
});

describe('npm run lint:workflows', () => {
  const cli = join(ROOT, 'workflows', 'lint', 'cli.ts');
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = promisify(execFile);

  it('prints file:line: rule: message for each finding and exits 1; exits 0 on the generated files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, VIOLATIONS['template-injection']?.text ?? '');
    const failed = await run(tsx, [cli, bad], { cwd: dir }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^bad\.yml:16: template-injection: job build: `\$\{\{ github\.event\.head_commit\.message \}\}`/m,
    );

    const clean = await run(tsx, [cli], { cwd: ROOT });
    expect(clean.stdout).toBe('');
  }, 60_000);

  it('reports actionlint findings with their kind', async () => {
    const found = await lintWorkflowFile(
      'x.yml',
      CLEAN.replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.04\n    needs: [ghost]'),
    );
    expect(found.map((f) => f.rule)).toContain('actionlint/job-needs');
  });
});
