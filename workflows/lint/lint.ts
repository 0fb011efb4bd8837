// One workflow file through everything: its YAML errors, our checks and, unless asked not to, actionlint.
import { runChecks, toFinding } from '../../scripts/checks/check.js';
import { type Finding, sortFindings } from '../../scripts/checks/finding.js';
import { actionlint } from './actionlint.js';
import { WORKFLOW_CHECKS } from './checks/index.js';
import { parseWorkflowSource } from './source.js';

/** The findings of our checks (and YAML errors, under `yaml`) on one file. */
export async function checkWorkflowText(file: string, text: string): Promise<Finding[]> {
  const source = parseWorkflowSource(file, text);
  const errors = source.errors.map((p) => toFinding({ id: 'yaml' }, p));
  return [...errors, ...(await runChecks(WORKFLOW_CHECKS, source))];
}

/** Every finding of one file, actionlint's included, in line order. */
export async function lintWorkflowFile(file: string, text: string): Promise<Finding[]> {
  const linted = actionlint(file, text); // its WASM compiles in the background while our checks run
  const ours = await checkWorkflowText(file, text);
  return sortFindings([...(await linted), ...ours]);
}
