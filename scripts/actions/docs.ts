// Keeps each action README's usage block and input/output tables generated from its action.yml,
// the single home of inputs and defaults. `npm run docs:actions` rewrites; the test suite fails on drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const START = '<!-- action-docs:start -->';
const END = '<!-- action-docs:end -->';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
interface ActionMetadata {
  name: string;
  description: string;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description: string }>;
}

export function readMetadata(actionDir: string): ActionMetadata {
  return parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionMetadata;
}

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** The generated block: a `uses:` example with every input, then the input and output tables. */
export function renderDocs(name: string, meta: ActionMetadata): string {
  const inputs = Object.entries(meta.inputs ?? {});
  const outputs = Object.entries(meta.outputs ?? {});
  const usage = [
    '```yaml',
    `- uses: <owner>/<repo>/actions/${name}@<full-commit-sha> # vX.Y.Z`,
    '  with:',
    ...inputs.map(([key, input]) => {
      const value = input.default !== undefined ? JSON.stringify(String(input.default)) : "''";
      return `    # ${cell(input.description)}${input.required ? ' (required)' : ''}\n    ${key}: ${value}`;
    }),
    '```',
  ];
  const inputTable = [
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...inputs.map(
      ([key, input]) =>
        `| \`${key}\` | ${input.required ? 'yes' : 'no'} | ${input.default !== undefined ? `\`${cell(String(input.default))}\`` : ''} | ${cell(input.description)} |`,
    ),
  ];
  const outputTable = [
    '| output | description |',
    '|---|---|',
    ...outputs.map(([key, output]) => `| \`${key}\` | ${cell(output.description)} |`),
  ];
  return [
    START,
    '',
    '### Usage',
    '',
    ...usage,
    '',
    '### Inputs',
    '',
    ...inputTable,
    '',
    '### Outputs',
    '',
    ...outputTable,
    '',
    END,
  ].join('\n');
}

/** The README with its generated block replaced; throws when the markers are missing. */
export function updateReadme(readme: string, block: string, file: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${file}: add the markers '${START}' and '${END}' where the generated usage belongs`);
  }
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

export function expectedReadme(
  actionsDir: string,
  name: string,
): { file: string; current: string; expected: string } {
  const dir = join(actionsDir, name);
  const file = join(dir, 'README.md');
  const current = readFileSync(file, 'utf8');
  return { file, current, expected: updateReadme(current, renderDocs(name, readMetadata(dir)), file) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { listActions } = await import('./build.mjs');
  const actionsDir = join(import.meta.dirname, '..', '..', 'actions');
  for (const name of listActions() as string[]) {
    const { file, current, expected } = expectedReadme(actionsDir, name);
    if (current !== expected) {
      writeFileSync(file, expected);
      console.log(`updated ${file}`);
    }
  }
}
