// `npm run bench gitops-validate`: the wall and CPU time of `npm run validate:gitops` (the whole command, npm
// and tsx start-up included) on this repository's tree and on a scratch copy declaring more services, each
// derived as `npm run derive` does (BENCH_SERVICES, default 20 in all; a third each http-api, queue-worker
// and web), BENCH_REPEATS runs each (default 3), median reported. The goal is under 2 s at 20 services.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { GITOPS_DIR } from '../scripts/gitops/layout.js';
import { ScratchRepository } from '../scripts/lib/scratch-repository.js';
import { type BenchReport, percentile, round } from './types.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 20);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const repoRoot = join(import.meta.dirname, '..');

/** One run of the command: wall seconds, and the CPU seconds of it and its children (kustomize, promtool). */
function run(root: string): { wall: number; cpu: number; objects: number } {
  const started = performance.now();
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S', 'npm', 'run', '--silent', 'validate:gitops', '--', root],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`validate:gitops ${root} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  const objects = Number(/^total\s+(\d+)/m.exec(result.stdout)?.[1] ?? 0);
  return { wall, cpu: (user ?? 0) + (system ?? 0), objects };
}

function measure(label: string, root: string, services: number): Record<string, string | number> {
  const runs = Array.from({ length: REPEATS }, () => run(root));
  return {
    tree: label,
    services,
    objects: runs[0]?.objects ?? 0,
    'wall s (median)': round(
      percentile(
        runs.map((r) => r.wall),
        50,
      ),
      2,
    ),
    'cpu s (median)': round(
      percentile(
        runs.map((r) => r.cpu),
        50,
      ),
      2,
    ),
    'under 2 s':
      percentile(
        runs.map((r) => r.wall),
        50,
      ) < 2
        ? 'yes'
        : 'no',
  };
}

export default async function bench(): Promise<BenchReport> {
  const scratch = new ScratchRepository();
  try {
    const declared = scratch.catalogue().names.length;
    scratch.declareExamples(SERVICES);
    scratch.derive();
    const rows = [
      measure('this repository', join(repoRoot, GITOPS_DIR), declared),
      measure('scratch copy', join(scratch.root, GITOPS_DIR), scratch.catalogue().names.length),
    ];
    return {
      name: 'gitops-validate',
      rows,
      notes: [
        `${REPEATS} runs each; ${cpus().length} CPUs, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} at the end: other work on the machine lengthens the wall time, not the CPU time`,
        'cpu: user + system of npm, node and every kustomize and promtool process it ran',
      ],
    };
  } finally {
    scratch.dispose();
  }
}
