// gitops-bump under contention: N runs of the bundled action at once (separate processes, one clone each,
// each bumping a different image of one overlay) against one real bare git remote.
import { join } from 'node:path';
import { digest, GitRemote, IMAGE_NAMES, OVERLAY } from '../scripts/lib/git-remote.js';
import { runDist } from '../actions/test/helpers/run-dist.js';
import { type BenchReport, percentile, round } from './types.js';

const actionDir = join(import.meta.dirname, '..', 'actions', 'gitops-bump');
const SIZES = [1, 4, 8];
const REPEATS = 3;
const MAX_ATTEMPTS = '10';
// Digest characters the fixture overlay does not use, so every run has something to change.
const FRESH = '56789abcdef';

interface Trial {
  wallMs: number;
  attempts: number;
  /** Attempts of the run that needed the most. */
  worst: number;
  failed: number;
}

async function trial(n: number, index: number): Promise<Trial> {
  const remote = new GitRemote();
  try {
    const clones = IMAGE_NAMES.slice(0, n).map(() => remote.clone());
    const started = performance.now();
    const runs = await Promise.all(
      IMAGE_NAMES.slice(0, n).map((name, i) =>
        runDist(actionDir, {
          cwd: clones[i] as string,
          inputs: {
            path: OVERLAY,
            images: `${name}=registry.example.com/shop/${name}@${digest(FRESH[(index * 8 + i) % FRESH.length] as string)}`,
            'max-attempts': MAX_ATTEMPTS,
          },
          timeoutMs: 300_000,
        }),
      ),
    );
    const wallMs = performance.now() - started;
    // The summary says "landed on attempt K of M" for each run that landed.
    const perRun = runs.map((r) => Number(/landed on attempt (\d+)/.exec(r.summary)?.[1] ?? 0));
    const attempts = perRun.reduce((sum, k) => sum + k, 0);
    return { wallMs, attempts, worst: Math.max(...perRun), failed: runs.filter((r) => r.code !== 0).length };
  } finally {
    remote.dispose();
  }
}

const median = (values: number[]) => percentile(values, 50);

export default async function bench(): Promise<BenchReport> {
  const results = new Map<number, Trial[]>();
  for (let r = 0; r < REPEATS; r++) {
    for (const n of SIZES) results.set(n, [...(results.get(n) ?? []), await trial(n, r)]);
  }
  const baseline = median((results.get(1) ?? []).map((t) => t.wallMs));
  return {
    name: 'gitops-bump',
    rows: SIZES.map((n) => {
      const trials = results.get(n) ?? [];
      const wall = median(trials.map((t) => t.wallMs));
      const attempts = median(trials.map((t) => t.attempts));
      return {
        'concurrent runs': n,
        'wall ms (median)': round(wall, 0),
        'wall ms (min..max)': `${round(Math.min(...trials.map((t) => t.wallMs)), 0)}..${round(Math.max(...trials.map((t) => t.wallMs)), 0)}`,
        'vs N=1': round(wall / baseline, 2),
        'attempts (median total)': attempts,
        'retries (median)': attempts - n,
        'worst run attempts (max)': Math.max(...trials.map((t) => t.worst)),
        'failed runs': trials.reduce((sum, t) => sum + t.failed, 0),
      };
    }),
    notes: [
      `${REPEATS} trials per size, interleaved (1, 4, 8, 1, 4, 8, …); median shown. Each trial: a fresh bare remote, one clone per run, all runs started together as separate node processes of dist/index.js.`,
      'Wall time: from spawning the runs to the last one exiting (node start, fetch, edit, commit, push, backoff waits). Attempts: pushes tried, summed over the runs; retries = attempts − runs.',
      `max-attempts ${MAX_ATTEMPTS}; backoff full jitter (random wait up to 1 s · 2^(attempt−1), cap 15 s). Ratio against the N=1 median of the same run.`,
    ],
  };
}
