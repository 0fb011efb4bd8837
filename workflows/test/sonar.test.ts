// SonarCloud in pr.yml: a repository that has not set it up (a fresh fork) gets a notice and a green job,
// not a red check; once the token, organization and project key are set, the scan and the gate run. The
// `if:` is evaluated by GitHub's own expression engine, the check script runs in bash.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { describe, expect, it } from '@jest/globals';
import { generated } from '../generate.js';
import { pr, SONAR_CONFIGURED } from '../pr.js';

const SONAR_STEPS = ['Check out', 'Download the coverage report', 'SonarCloud scan', 'Quality gate'];
const job = pr.jobs.sonar;

function check(env: Record<string, string>): { code: number; stdout: string; outputs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sonar-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['-e', '-c', SONAR_CONFIGURED], {
    env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, outputs: readFileSync(output, 'utf8') };
}

const dictionary = (entries: Record<string, data.ExpressionData>) => {
  const d = new data.Dictionary();
  for (const [key, value] of Object.entries(entries)) d.add(key, value);
  return d;
};

/** A step's `if:` for a same-repository pull request, with the config step's `configured` output. */
function runs(condition: string, configured: string): boolean {
  const repo = new data.StringData('acme/shop');
  const context = dictionary({
    github: dictionary({
      repository: repo,
      event: dictionary({
        pull_request: dictionary({ head: dictionary({ repo: dictionary({ full_name: repo }) }) }),
      }),
    }),
    steps: dictionary({
      'sonar-config': dictionary({ outputs: dictionary({ configured: new data.StringData(configured) }) }),
    }),
  });
  const tree = new Parser(new Lexer(condition).lex().tokens, ['github', 'steps'], []).parse();
  const result = new Evaluator(tree, context).evaluate();
  return result instanceof data.BooleanData && result.value;
}

describe('pr.yml: SonarCloud only where it is configured', () => {
  const configured = { SONAR_TOKEN: 't', SONAR_ORGANIZATION: 'acme', SONAR_PROJECT_KEY: 'acme_shop' };

  it('with nothing set: a notice naming what is missing, configured=false, exit 0', () => {
    const { code, stdout, outputs } = check({
      SONAR_TOKEN: '',
      SONAR_ORGANIZATION: '',
      SONAR_PROJECT_KEY: '',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^::notice title=SonarCloud skipped::.*secrets.SONAR_TOKEN vars.SONAR_ORGANIZATION vars.SONAR_PROJECT_KEY/,
    );
    expect(outputs.trim()).toBe('configured=false');
  });

  it('with one setting missing: skipped as well, naming only it', () => {
    const { stdout, outputs } = check({ ...configured, SONAR_PROJECT_KEY: '' });
    expect(stdout).toMatch(/\(vars.SONAR_PROJECT_KEY not set\)/);
    expect(outputs.trim()).toBe('configured=false');
  });

  it('with everything set: configured=true and the project handed to the scan', () => {
    const { code, outputs } = check(configured);
    expect(code).toBe(0);
    expect(outputs.split('\n')).toEqual([
      'configured=true',
      'organization=acme',
      'project-key=acme_shop',
      '',
    ]);
  });

  it('runs the scan and the gate only when configured', () => {
    const steps = job?.steps.filter((s) => SONAR_STEPS.includes(s.name)) ?? [];
    expect(steps.map((s) => s.name)).toEqual(SONAR_STEPS);
    for (const step of steps) {
      expect([step.name, runs(String(step.if), 'true')]).toEqual([step.name, true]);
      expect([step.name, runs(String(step.if), 'false')]).toEqual([step.name, false]);
    }
  });

  it('the preflight does not fail a repository without SonarCloud', () => {
    const yaml = generated().find((g) => g.path.endsWith('pr.yml'))?.text ?? '';
    const preflights = yaml.split('- name: Preflight').slice(1).join('\n');
    expect(preflights).not.toContain('SONAR_');
  });
});
