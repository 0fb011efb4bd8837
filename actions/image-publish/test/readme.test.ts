// The README's example workflow is checked against the real action.yml files it uses: every `with:` key
// is an input of that action and every required input is given.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { parse } from 'yaml';

const actionsDir = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(actionsDir, 'image-publish', 'README.md'), 'utf8');

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

it('uses only real inputs of the local actions in its example workflow', () => {
  const example = /```yaml\n(jobs:[\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const jobs = (parse(example as string) as { jobs: Record<string, { steps: Step[] }> }).jobs;
  const local = Object.values(jobs)
    .flatMap((job) => job.steps)
    .filter((step) => step.uses?.startsWith('./actions/'));
  expect(local.map((step) => step.uses)).toContain('./actions/image-publish');
  for (const step of local) {
    const file = join(actionsDir, '..', step.uses as string, 'action.yml');
    if (!existsSync(file)) continue; // another slice's action, not written yet
    const inputs = (parse(readFileSync(file, 'utf8')) as { inputs: Record<string, { required?: boolean }> })
      .inputs;
    const given = Object.keys(step.with ?? {});
    expect([step.uses, given.filter((key) => !(key in inputs))]).toEqual([step.uses, []]);
    const required = Object.entries(inputs)
      .filter(([, input]) => input.required)
      .map(([key]) => key);
    expect([step.uses, required.filter((key) => !given.includes(key))]).toEqual([step.uses, []]);
  }
});
