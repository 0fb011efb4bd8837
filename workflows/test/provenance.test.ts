// PROVENANCE: main.yml signs unless it is `off`; the release verifies unless `off` is set on production, and
// its job summary says which. The `if:` conditions are evaluated by GitHub's own expression engine
// (@actions/expressions, what @actions/workflow-parser uses) and the scripts run in bash.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { describe, expect, it } from '@jest/globals';
import { desiredVariables } from '../../scripts/github/apply.js';
import { bootstrapOutputs, terraformVariables } from '../../scripts/github/catalogue.js';
import { parseValues } from '../../scripts/github/values.js';
import { main } from '../main.js';
import type { Step } from '../model.js';
import { PROVENANCE_ON } from '../provenance.js';
import { release } from '../release.js';

/** An `if:` as GitHub evaluates it, with `vars` holding the given variables. */
function runs(condition: string, vars: Record<string, string>): boolean {
  const tokens = new Lexer(condition).lex().tokens;
  const tree = new Parser(tokens, ['vars'], []).parse();
  const varsData = new data.Dictionary();
  for (const [name, value] of Object.entries(vars)) varsData.add(name, new data.StringData(value));
  const context = new data.Dictionary();
  context.add('vars', varsData);
  const result = new Evaluator(tree, context).evaluate();
  return result instanceof data.BooleanData && result.value;
}

/** Runs a step's bash with PROVENANCE set as its env would set it; exit code and job summary. */
function runStep(step: Step | undefined, provenance: string): { code: number; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), 'provenance-'));
  const summary = join(dir, 'summary');
  writeFileSync(summary, '');
  const result = spawnSync('bash', ['-e', '-c', String(step?.run)], {
    env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: summary, PROVENANCE: provenance },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, summary: readFileSync(summary, 'utf8') };
}

const byName = (steps: readonly Step[], name: string) => steps.find((s) => s.name === name);
const publish = main.jobs.publish?.steps ?? [];

describe('PROVENANCE', () => {
  it('main.yml signs the verdict and the provenance unless PROVENANCE is off', () => {
    const signing = publish.filter((s) => /attest/.test(JSON.stringify(s.uses ?? '')));
    expect(signing.map((s) => s.id)).toEqual(['verdict', 'attest']);
    for (const step of signing) {
      expect(runs(String(step.if), {})).toBe(true);
      expect(runs(String(step.if), { PROVENANCE: 'attest' })).toBe(true);
      expect(runs(String(step.if), { PROVENANCE: 'off' })).toBe(false);
    }
  });

  it('the release verifies unless PROVENANCE is off (a missing variable means on)', () => {
    const verify = release.steps.find((s) => s.id === 'verify');
    expect(verify?.run).toContain('gh attestation verify');
    expect(runs(String(verify?.if), {})).toBe(true);
    expect(runs(String(verify?.if), { PROVENANCE: 'off' })).toBe(false);
    expect(verify?.if).toBe(PROVENANCE_ON);
  });

  it('refuses a value that is neither attest nor off, in both workflows, before any login', () => {
    for (const steps of [publish, release.steps]) {
      const setting = byName(steps, 'Provenance setting (PROVENANCE: attest or off)');
      const login = steps.findIndex((s) => s.id === 'login');
      expect(steps.indexOf(setting as Step)).toBeLessThan(login);
      expect(runStep(setting, 'attest').code).toBe(0);
      expect(runStep(setting, 'off').code).toBe(0);
      expect(runStep(setting, 'no').code).toBe(1);
    }
  });

  it("the release's job summary says whether provenance was verified", () => {
    const summary = byName(release.steps, 'Job summary');
    expect(runStep(summary, 'off').summary).toMatch(
      /Provenance NOT verified.*PROVENANCE=off on the production/,
    );
    expect(runStep(summary, 'attest').summary).toMatch(/Provenance and the gate's signed verdict verified/);
  });

  it("github:setup always sets production's own value, so the repository's off never reaches the release", () => {
    const values = (extra: object) =>
      parseValues(
        JSON.stringify({
          repository: 'acme/shop',
          baseImage: `base@sha256:${'a'.repeat(64)}`,
          sonarOrganization: 'acme',
          sonarProjectKey: 'acme_shop',
          appClientId: 'Iv23example',
          appSlug: 'acme-gitops',
          reviewers: ['alice'],
          ...extra,
        }),
        'values',
      );
    // Every other setting given a value, so only PROVENANCE's rows are in question.
    const outputs = (env: 'dev' | 'prod') =>
      Object.fromEntries(
        terraformVariables(env).flatMap((v) => ('output' in v.from ? [[v.from.output, 'x']] : [])),
      );
    const provenance = (extra: object) =>
      desiredVariables({
        repo: 'acme/shop',
        values: values(extra),
        outputs: { dev: outputs('dev'), prod: outputs('prod') },
        bootstrap: Object.fromEntries(bootstrapOutputs().map((o) => [o, 'x'])),
        secrets: {},
        secretHints: {},
      }).filter((v) => v.name === 'PROVENANCE');
    expect(provenance({})).toEqual([{ name: 'PROVENANCE', environment: 'production', value: 'attest' }]);
    expect(provenance({ provenance: 'off' })).toEqual([
      { name: 'PROVENANCE', value: 'off' },
      { name: 'PROVENANCE', environment: 'production', value: 'attest' },
    ]);
    expect(provenance({ provenance: 'off', releaseProvenance: 'off' })).toEqual([
      { name: 'PROVENANCE', value: 'off' },
      { name: 'PROVENANCE', environment: 'production', value: 'off' },
    ]);
    expect(() => values({ provenance: 'none' })).toThrow(/provenance/);
  });
});
