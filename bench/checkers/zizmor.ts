// `npm run bench checkers` (ZIZMOR_CHECKOUT=<zizmorcore/zizmor>): our workflow checks against zizmor's own
// integration tests. For each audit we implement (a check with that id), every expected finding of the audit
// in the snapshots, and whether our check of that id reports the same input file at the same line; and
// every line our check reports on those files that no snapshot names for that audit (our extra findings).
import { runChecks } from '../../scripts/checks/check.js';
import { WORKFLOW_CHECKS } from '../../workflows/lint/checks/index.js';
import { parseWorkflowSource } from '../../workflows/lint/source.js';
import type { CorpusResult, CorpusRow } from './corpus.js';
import { openCheckout, readCorpus } from './zizmor-corpus.js';

/** zizmor's audits we do not implement, and why (printed with the table). */
const NOT_IMPLEMENTED: Record<string, string> = {
  'use-trusted-publishing': 'advice for PyPI/npm/crates publishing, which this platform does not do',
  obfuscation:
    'expressions written the long way (a `format(...)` of literals); a style rule, and our checks read the contexts inside them',
  'adhoc-packages': 'pip/npm installs in run: are the build here (npm ci with a lock file)',
  'forbidden-uses': 'a per-project allow/deny list, configured in zizmor; pins.ts is our list',
  'unsound-condition': 'actionlint reports constant conditions',
  'ref-version-mismatch': 'needs the GitHub API (does the SHA match the tag in the comment)',
  'github-app': 'about actions/create-github-app-token inputs; not yet',
  'concurrency-limits':
    'asks every workflow to cancel superseded runs (a cost rule); deploy-concurrency is ours for deploy safety',
  'unsound-contains': 'not yet',
  'unpinned-tools': 'not yet',
  'typosquat-uses': 'needs a list of popular actions',
  'self-hosted-runner': 'no self-hosted runners here',
  'archived-uses': 'needs the GitHub API',
  misfeature: 'not yet',
  'dependabot-cooldown': 'Dependabot files are not workflows',
  'dependabot-execution': 'Dependabot files are not workflows',
  'self-repository': 'not yet',
  'unredacted-secrets': 'not yet',
  'superfluous-actions': 'not yet',
  'ref-confusion': 'needs the GitHub API',
  'known-vulnerable-actions': 'needs the GitHub advisory API',
  'insecure-url-scheme': 'not yet',
  'impostor-commit': 'needs the GitHub API',
  'anonymous-definition': 'style (jobs without a name)',
  'unsound-ternary': 'not yet',
  'stale-action-refs': 'needs the GitHub API',
};

/** Where ours differs from zizmor by design: the misses and extra findings the table shows. */
const DIFFERENCES = [
  "template-injection: zizmor's pedantic persona reports every expression in a script; ours only one that can carry an attacker's value (fixed values, secrets and results are its misses)",
  'undocumented-permissions: ours asks a reason of each write; zizmor also of a read beside a write',
  'excessive-permissions: ours always asks for top-level permissions; zizmor only when a job has none of its own',
  "secrets-outside-env: zizmor's is an auditor-persona audit, absent from the other personas' snapshots",
  'unpinned-uses: ours asks a SHA of actions/* too; zizmor lets them use a tag',
  "cache-poisoning: docker/setup-buildx-action's binary cache is not modelled",
];

const key = (file: string, line: number) => `${file}:${line}`;

export async function measure(path: string): Promise<CorpusResult> {
  const checkout = openCheckout(path);
  const { cases, skipped } = readCorpus(checkout);
  const files = [...new Set(cases.map((c) => c.file))];
  const ours = new Map<string, Set<string>>(); // rule -> file:line
  for (const file of files) {
    const text = checkout.read(file);
    const lines = text.split('\n');
    const findings = await runChecks(WORKFLOW_CHECKS, parseWorkflowSource(file, text));
    for (const f of findings) {
      // zizmor's own suppression comment on the line: the test says the finding is known and silenced.
      if (new RegExp(`zizmor: ignore\\[[^\\]]*\\b${f.rule}\\b`).test(lines[f.line - 1] ?? '')) continue;
      const set = ours.get(f.rule) ?? new Set<string>();
      set.add(key(f.file, f.line));
      ours.set(f.rule, set);
    }
  }
  const expected = new Map<string, Set<string>>(); // audit -> file:line (union over the snapshots of a file)
  for (const c of cases)
    for (const e of c.expected) {
      const set = expected.get(e.audit) ?? new Set<string>();
      set.add(key(e.file, e.line));
      expected.set(e.audit, set);
    }
  const rows: CorpusRow[] = [];
  for (const check of WORKFLOW_CHECKS) {
    for (const audit of check.standsFor ?? []) {
      const want = expected.get(audit) ?? new Set<string>();
      const got = ours.get(check.id) ?? new Set<string>();
      rows.push({
        anchorCheck: audit,
        ours: check.id,
        expected: want.size,
        caught: [...want].filter((k) => got.has(k)).length,
        passing: got.size,
        wronglyRefused: [...got].filter((k) => !want.has(k)).length,
      });
    }
  }
  const implemented = new Set(WORKFLOW_CHECKS.flatMap((c) => c.standsFor ?? []));
  const missing = [...expected.keys()].filter((a) => !implemented.has(a)).sort();
  return {
    anchor: 'zizmor',
    revision: checkout.revision,
    rows,
    notes: [
      `${cases.length} snapshot runs on ${files.length} workflow files of zizmor's integration tests (crates/zizmor/tests/integration/audit/*.rs); expected = distinct (file, line) of an audit over all snapshots of a file, any persona`,
      `caught = our check of the same id reports that file at that line; "wrongly refused" = lines our check reports on those files that no snapshot names for that audit, over all lines it reports (a finding zizmor shows only in a persona whose snapshot is absent counts against us)`,
      `a line with zizmor's suppression comment for the audit (\`# zizmor: ignore[<audit>]\`) is left out of our findings as zizmor leaves it out of its own`,
      `left out: ${[...skipped].map(([why, n]) => `${n} × ${why}`).join('; ')}`,
      `differences by design: ${DIFFERENCES.join('; ')}`,
      `audits in the corpus we do not implement: ${missing.map((a) => `${a} (${expected.get(a)?.size ?? 0}: ${NOT_IMPLEMENTED[a] ?? 'not yet'})`).join('; ')}`,
    ],
  };
}
