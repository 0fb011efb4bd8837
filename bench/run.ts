// `npm run bench [name ...]`: runs bench/*.bench.ts (or the named ones) one after another,
// writes bench/results/<name>.json and prints a table per benchmark.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchReport } from './types.js';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', '')))
  .sort();
if (files.length === 0) throw new Error(`no benchmark matches ${wanted.join(', ')}; see bench/*.bench.ts`);

function printTable(report: BenchReport): void {
  const keys = [...new Set(report.rows.flatMap((row) => Object.keys(row)))];
  const widths = keys.map((k) =>
    Math.max(k.length, ...report.rows.map((row) => String(row[k] ?? '').length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n## ${report.name}\n`);
  console.log(line(keys));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of report.rows) console.log(line(keys.map((k) => String(row[k] ?? ''))));
  for (const note of report.notes ?? []) console.log(`- ${note}`);
}

const resultsDir = join(dir, 'results');
mkdirSync(resultsDir, { recursive: true });
for (const file of files) {
  const { default: bench } = (await import(join(dir, file))) as { default: Bench };
  const report = await bench();
  const machine = { node: process.version, cpus: cpus().length, at: new Date().toISOString() };
  writeFileSync(
    join(resultsDir, `${report.name}.json`),
    `${JSON.stringify({ ...report, machine }, null, 2)}\n`,
  );
  printTable(report);
}
