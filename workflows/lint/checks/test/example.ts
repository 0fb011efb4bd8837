// The clean workflow each check's test breaks in one place, and the helpers that run one check on a text.
import { runChecks } from '../../../../scripts/checks/check.js';
import type { Finding } from '../../../../scripts/checks/finding.js';
import { parseWorkflowSource } from '../../source.js';
import { WORKFLOW_CHECKS } from '../index.js';

export const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';

/** A small clean workflow: every check finds nothing in it. */
export const CLEAN = `name: Example
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

/** Every check's findings on a text. */
export const findings = (text: string): Promise<Finding[]> =>
  runChecks(WORKFLOW_CHECKS, parseWorkflowSource('example.yml', text));

/** The rule ids found in a text, in check order. */
export const rulesOf = async (text: string): Promise<string[]> => (await findings(text)).map((f) => f.rule);

/** The lines one check reports in a text. */
export async function linesOf(rule: string, text: string): Promise<number[]> {
  return (await findings(text)).filter((f) => f.rule === rule).map((f) => f.line);
}
