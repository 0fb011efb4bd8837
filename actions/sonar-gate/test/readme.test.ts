// The README's quick-start workflow must stay a valid use of this action: only inputs that exist,
// every required one given, and the scan step before the gate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const dir = join(import.meta.dirname, '..');
const meta = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>;
};
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
const quickStart = /## Quick start[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

describe('README quick start', () => {
  const workflow = parse(quickStart) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const gate = steps.findIndex((s) => s.uses?.endsWith('actions/sonar-gate'));

  it('uses only inputs of action.yml and gives every required one', () => {
    expect(gate).toBeGreaterThan(-1);
    const given = Object.keys(steps[gate]?.with ?? {});
    expect(given.filter((key) => !(key in meta.inputs))).toEqual([]);
    const required = Object.entries(meta.inputs)
      .filter(([, input]) => input.required)
      .map(([key]) => key);
    expect(required.filter((key) => !given.includes(key))).toEqual([]);
  });

  it('runs the scan in an earlier step of the same job, every action pinned by full SHA', () => {
    const scan = steps.findIndex((s) => s.uses?.startsWith('SonarSource/sonarqube-scan-action@'));
    expect(scan).toBeGreaterThan(-1);
    expect(scan).toBeLessThan(gate);
    const remote = steps
      .map((s) => s.uses)
      .filter((u): u is string => u !== undefined && !u.startsWith('./'));
    expect(remote.filter((u) => !/@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });
});
