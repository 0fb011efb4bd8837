// The pipeline rehearsals' wall time, stage by stage: the main flow for both services cold (empty registry,
// no base, no checkout) and warm (the same commit again: nothing changed), then the release flow on what
// main left. Baseline of the same run: bundling both services with `node services/build.mjs` alone, the
// build work no rehearsal can avoid. Goals (2 cores): cold <= 30 s, warm <= 10 s, release <= 5 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RehearsalOptions } from '../scripts/pipeline/context.js';
import { REPO_ROOT } from '../scripts/pipeline/environment.js';
import { rehearseMain } from '../scripts/pipeline/main-flow.js';
import type { StageResult } from '../scripts/pipeline/progress.js';
import { rehearseRelease } from '../scripts/pipeline/release-flow.js';
import { type BenchReport, round } from './types.js';

const GOALS = { cold: 30_000, warm: 10_000, release: 5_000 };

async function timed<T>(body: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await body();
  return { value, ms: performance.now() - started };
}

function baselineMs(): number {
  const out = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    const started = performance.now();
    for (const service of ['inventory', 'pricing'])
      execFileSync(process.execPath, ['services/build.mjs', service, '--outdir', join(out, service)], {
        cwd: REPO_ROOT,
      });
    return performance.now() - started;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchReport> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
  const commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const options: RehearsalOptions = {
    stateDir,
    commit,
    repository: 'bench/delivery-platform',
    smoke: true,
    write: () => {},
  };
  try {
    const baseline = baselineMs();
    const cold = await timed(() => rehearseMain(options));
    const warm = await timed(() => rehearseMain(options));
    const release = await timed(() => rehearseRelease({ ...options, tag: 'v9.9.9' }));
    for (const [name, run] of [
      ['cold', cold],
      ['warm', warm],
      ['release', release],
    ] as const)
      if (!run.value.ok)
        throw new Error(`the ${name} rehearsal failed: ${failure(run.value.progress.results)}`);

    const ms = (results: readonly StageResult[], name: string) => {
      const stage = results.find((s) => s.name === name);
      return stage === undefined ? '' : `${round(stage.ms, 0)} (${stage.state})`;
    };
    const mainStages = cold.value.progress.results.map((s) => s.name);
    const rows: BenchReport['rows'] = [
      ...mainStages.map((stage) => ({
        stage,
        'main cold ms': ms(cold.value.progress.results, stage),
        'main warm ms': ms(warm.value.progress.results, stage),
        'release ms': '',
      })),
      ...release.value.progress.results.map((s) => ({
        stage: s.name,
        'main cold ms': '',
        'main warm ms': '',
        'release ms': `${round(s.ms, 0)} (${s.state})`,
      })),
      ...(
        [
          ['TOTAL main cold', cold.ms, GOALS.cold, 'main cold ms'],
          ['TOTAL main warm', warm.ms, GOALS.warm, 'main warm ms'],
          ['TOTAL release', release.ms, GOALS.release, 'release ms'],
        ] as const
      ).map(([stage, total, goal, column]) => ({
        stage: `${stage} (goal <= ${goal / 1000} s: ${total <= goal ? 'met' : 'MISSED'}; ${round(total / baseline, 1)}x baseline)`,
        'main cold ms': column === 'main cold ms' ? round(total, 0) : '',
        'main warm ms': column === 'main warm ms' ? round(total, 0) : '',
        'release ms': column === 'release ms' ? round(total, 0) : '',
      })),
    ];
    const sorted = (images: Record<string, string | undefined>) =>
      JSON.stringify(Object.entries(images).sort());
    const digestsEqual = sorted(cold.value.images) === sorted(warm.value.images);
    return {
      name: 'pipeline',
      rows,
      notes: [
        `Commit ${commit.slice(0, 7)}; in-process rehearsals (no npm/tsx start), fresh state folder; podman smoke run included in cold and warm.`,
        `Baseline of the same run: node services/build.mjs for both services = ${round(baseline, 0)} ms.`,
        `Warm run printed the same digests as the cold one: ${digestsEqual ? 'yes' : 'NO'}.`,
        'absent stages (Trivy, AWS, attestations, Sonar) take 0 ms here; on GitHub they add their own time.',
      ],
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function failure(results: readonly StageResult[]): string {
  const failed = results.find((s) => s.state === 'failed');
  return failed ? `${failed.name}: ${failed.detail}` : 'unknown';
}
