// Cold start of each bundled action: process start to exit of `node actions/<name>/dist/index.js`,
// run with no inputs so it loads its bundle, parses inputs and fails before any network call.
// Baselines measured in the same run, interleaved: an empty `node -e ''` and, when its mirror is on
// this machine, the anchor aws-actions/configure-aws-credentials' dist run the same way.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listActions } from '../scripts/build-actions.mjs';
import { type BenchReport, percentile, round } from './types.js';

const ROUNDS = 21;
const root = join(import.meta.dirname, '..');
const anchorMirror = '/work/.mirror/aws-actions+configure-aws-credentials/repo';

interface Subject {
  name: string;
  args: string[];
}

function anchorSubject(): Subject | undefined {
  if (!existsSync(anchorMirror)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'anchor-'));
  const file = join(dir, 'index.js');
  writeFileSync(
    file,
    execFileSync('git', ['-C', anchorMirror, 'show', 'HEAD:dist/index.js'], { maxBuffer: 64 << 20 }),
  );
  return { name: 'anchor: configure-aws-credentials', args: [file] };
}

/** Wall time of one run in ms; the runner's files exist so @actions/core behaves as on a runner. */
function timeOnce(subject: Subject, runnerDir: string): number {
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: join(runnerDir, 'output'),
    GITHUB_ENV: join(runnerDir, 'env'),
    GITHUB_STEP_SUMMARY: join(runnerDir, 'summary'),
  };
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, subject.args, { env, stdio: 'ignore', cwd: runnerDir });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function coldStart(): Promise<BenchReport> {
  const runnerDir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  for (const f of ['output', 'env', 'summary']) writeFileSync(join(runnerDir, f), '');
  const baseline: Subject = { name: "baseline: node -e ''", args: ['-e', ''] };
  const anchor = anchorSubject();
  const subjects: Subject[] = [
    baseline,
    ...(anchor ? [anchor] : []),
    ...listActions().map((name) => ({ name, args: [join(root, 'actions', name, 'dist', 'index.js')] })),
  ];
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (const s of subjects) timeOnce(s, runnerDir); // warm the file cache
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of subjects) samples.get(s.name)?.push(timeOnce(s, runnerDir));
  }
  const median = (name: string) => percentile(samples.get(name) ?? [], 50);
  const base = median(baseline.name);
  const anchorMedian = anchor ? median(anchor.name) : Number.NaN;
  return {
    name: 'action-cold-start',
    rows: subjects.map((s) => ({
      subject: s.name,
      'median ms': round(median(s.name)),
      'p90 ms': round(percentile(samples.get(s.name) ?? [], 90)),
      'x node baseline': round(median(s.name) / base, 2),
      'x anchor': anchor ? round(median(s.name) / anchorMedian, 2) : 'n/a',
    })),
    notes: [
      `${ROUNDS} interleaved rounds after one warm-up; each run loads the bundle, reads inputs and exits on the first missing required input (no network).`,
      anchor
        ? `anchor: aws-actions/configure-aws-credentials dist/index.js at mirror HEAD ${execFileSync('git', ['-C', anchorMirror, 'rev-parse', '--short', 'HEAD']).toString().trim()}, run the same way (not committed).`
        : 'anchor mirror absent on this machine: no anchor row.',
    ],
  };
}
