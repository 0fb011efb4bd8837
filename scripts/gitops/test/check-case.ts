// (tests only) One check's case through the real validator: the fixture (test/fixture.ts) with one thing
// changed, written to a temp repo, rendered with kustomize and checked by every check. A violating case
// must name the file and the rule; a passing case must have no finding of that rule.
import { afterAll, expect } from '@jest/globals';
import { formatFinding } from '../../checks/finding.js';
import { type ValidateResult, validateGitops } from '../validate-gitops.js';
import { type Fixture, goodFixture, removeFixture, writeFixture } from './fixture.js';

export const DEPLOYMENT = 'gitops/apps/prod/deployment.yaml';

const repos: string[] = [];
afterAll(() => repos.forEach(removeFixture));

/** The good fixture with `change` applied. */
export function mutate(change: (f: Fixture) => void): Fixture {
  const fixture = goodFixture();
  change(fixture);
  return fixture;
}

export async function validateFixture(
  fixture: Fixture,
  raw: Record<string, string> = {},
): Promise<ValidateResult> {
  const repo = writeFixture(fixture, raw);
  repos.push(repo);
  return validateGitops({ root: `${repo}/gitops` });
}

/** Expects a finding of `rule` in `file` whose message contains `text` (each of them); returns its line. */
export async function expectFinding(
  fixture: Fixture,
  file: string,
  rule: string,
  text: string | readonly string[],
): Promise<string> {
  const result = await validateFixture(fixture);
  expect(result.ok).toBe(false);
  const texts = typeof text === 'string' ? [text] : text;
  const match = result.findings.find(
    (f) => f.file === file && f.rule === rule && texts.every((t) => f.message.includes(t)),
  );
  if (!match)
    throw new Error(
      `expected ${file}:…: ${rule}: …${text}…, got:\n${result.findings.map(formatFinding).join('\n')}`,
    );
  return formatFinding(match);
}

/** Expects no finding of `rule` at all (the other checks may find what the case needed to break). */
export async function expectNoFinding(fixture: Fixture, rule: string): Promise<void> {
  const result = await validateFixture(fixture);
  // Nothing rendered would be nothing checked: the case's trees must render.
  expect(result.findings.filter((f) => f.rule === 'render').map(formatFinding)).toEqual([]);
  expect(result.rows.every((r) => r.objects > 0)).toBe(true);
  expect(result.findings.filter((f) => f.rule === rule).map(formatFinding)).toEqual([]);
}
