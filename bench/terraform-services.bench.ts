// `npm run check:terraform` as the catalogue grows: wall time of the command (a fresh process: tsx start,
// parse, terraform fmt, every check once per environment) on a scratch copy of the repository with its own
// services, then with services added until there are 20 (each an http-api with its own queue, derived as
// `npm run derive` would). The target is under 2 s.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scratchTerraformRepository } from '../scripts/lib/scratch-repository.js';
import { type BenchReport, percentile, round } from './types.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const SIZES = (process.env.BENCH_SIZES ?? '2,20').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

export default async function bench(): Promise<BenchReport> {
  const rows: BenchReport['rows'] = [];
  for (const size of SIZES) {
    const own = 2; // inventory and pricing
    const added = Array.from({ length: Math.max(0, size - own) }, (_, i) => ({
      name: `svc${String(i + 1).padStart(2, '0')}`,
      queue: `svc${String(i + 1).padStart(2, '0')}-events`,
      direction: 'send' as const,
    }));
    const scratch = scratchTerraformRepository(added);
    try {
      const times: number[] = [];
      let summary = '';
      for (let i = 0; i < REPEATS; i++) {
        const started = performance.now();
        const { stderr } = await run(tsx, [join(repo, 'scripts/terraform/check.ts'), 'terraform'], {
          cwd: scratch.root,
        });
        times.push(performance.now() - started);
        summary = stderr.trim();
      }
      rows.push({
        services: scratch.catalogue.names.length,
        queues: scratch.catalogue.queueIds.length,
        'median ms': round(percentile(times, 50), 0),
        'max ms': round(Math.max(...times), 0),
        result: summary.replace(/^terraform: /, ''),
      });
    } finally {
      scratch.remove();
    }
  }
  return {
    name: 'terraform-services',
    rows,
    notes: [
      `${REPEATS} runs per size of \`tsx scripts/terraform/check.ts terraform\` (what npm run check:terraform runs) in a scratch copy; wall time of the whole process`,
      'target: under 2000 ms',
    ],
  };
}
