// `npm run bench checkers`: each checker measured on the own test corpus of the tool it stands in for, given
// a checkout of each anchor (never committed here):
//   PSA_CHECKOUT=<kubernetes/pod-security-admission>  ZIZMOR_CHECKOUT=<zizmorcore/zizmor>
//   CHECKOV_CHECKOUT=<bridgecrewio/checkov>
// A checkout may be a work tree or a bare git directory (read at HEAD). Without one, that corpus is skipped
// with a note saying how to get it. Also times each checker on this repository's own tree.
import { execFileSync } from 'node:child_process';
import type { CorpusResult } from './checkers/corpus.js';
import type { BenchReport } from './types.js';

interface Anchor {
  readonly env: string;
  readonly repository: string;
  readonly module: string;
}

const anchors: readonly Anchor[] = [
  { env: 'PSA_CHECKOUT', repository: 'kubernetes/pod-security-admission', module: './checkers/psa.js' },
  { env: 'ZIZMOR_CHECKOUT', repository: 'zizmorcore/zizmor', module: './checkers/zizmor.js' },
  { env: 'CHECKOV_CHECKOUT', repository: 'bridgecrewio/checkov', module: './checkers/checkov.js' },
];

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;

/** Wall time of one run of a checker's npm script on this repository's tree (tsx start-up included). */
function ownTreeSeconds(script: string): number {
  const started = performance.now();
  try {
    execFileSync('npm', ['run', '--silent', script], { stdio: 'ignore' });
  } catch {
    // A finding exits 1; the time is still the time.
  }
  return (performance.now() - started) / 1000;
}

export default async function bench(): Promise<BenchReport> {
  const rows: BenchReport['rows'] = [];
  const notes: string[] = [];
  for (const anchor of anchors) {
    const path = process.env[anchor.env];
    if (!path) {
      notes.push(
        `${anchor.repository}: skipped; clone it (git clone https://github.com/${anchor.repository}) and set ${anchor.env}=<path>`,
      );
      continue;
    }
    const { measure } = (await import(anchor.module)) as { measure: (path: string) => Promise<CorpusResult> };
    const result = await measure(path);
    let expected = 0;
    let caught = 0;
    let passing = 0;
    let refused = 0;
    for (const r of result.rows) {
      rows.push({
        anchor: result.anchor,
        'anchor check': r.anchorCheck,
        ours: r.ours,
        caught: `${r.caught}/${r.expected}`,
        'caught %': percent(r.caught, r.expected),
        'wrongly refused': `${r.wronglyRefused}/${r.passing}`,
      });
      expected += r.expected;
      caught += r.caught;
      passing += r.passing;
      refused += r.wronglyRefused;
    }
    rows.push({
      anchor: result.anchor,
      'anchor check': 'TOTAL',
      ours: '',
      caught: `${caught}/${expected}`,
      'caught %': percent(caught, expected),
      'wrongly refused': `${refused}/${passing}`,
    });
    notes.push(`${result.anchor} at ${result.revision}`, ...result.notes);
  }
  for (const script of ['validate:gitops', 'lint:workflows', 'check:terraform'])
    notes.push(`${script} on this repository: ${ownTreeSeconds(script).toFixed(2)} s wall (goal < 2 s)`);
  return { name: 'checkers', rows, notes };
}
