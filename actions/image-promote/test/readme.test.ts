// The hand-written workflow example in the README must stay true to action.yml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { parse } from 'yaml';

const dir = join(import.meta.dirname, '..');

it("README's example uses only the action's inputs and outputs, and every required input", () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const meta = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean }>;
    outputs: Record<string, unknown>;
  };
  const workflow = parse(example) as {
    jobs: Record<
      string,
      { steps: { uses?: string; id?: string; with?: Record<string, unknown>; run?: string }[] }
    >;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => s.uses?.includes('/actions/image-promote@'));
  const used = Object.keys(step?.with ?? {});
  expect(used.filter((name) => !(name in meta.inputs))).toEqual([]);
  const required = Object.entries(meta.inputs)
    .filter(([, input]) => input.required)
    .map(([name]) => name);
  expect(required.filter((name) => !used.includes(name))).toEqual([]);
  const outputs = [...example.matchAll(/steps\.promote\.outputs\.([\w-]+)/g)].map((m) => m[1]);
  expect(outputs.length).toBeGreaterThan(0);
  expect(outputs.filter((name) => !((name ?? '') in meta.outputs))).toEqual([]);
});
