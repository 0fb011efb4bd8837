// `npm run workflows`: writes .github/workflows/*.yml from the typed definitions (those that differ).
// `npm run workflows -- --check`: writes nothing, exits 1 naming every file that differs (CI's drift check).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { infra } from './infra.js';
import { main } from './main.js';
import type { Workflow } from './model.js';
import { pr } from './pr.js';
import { withPreflight } from './preflight.js';
import { releaseWorkflow } from './release.js';
import { renderWorkflow } from './render.js';

/** Every workflow as generated: each job that reads a setting checks it first (preflight.ts). */
export const WORKFLOWS: readonly Workflow[] = [pr, main, releaseWorkflow, infra].map(withPreflight);
export const ROOT = join(import.meta.dirname, '..');
export const OUT_DIR = join(ROOT, '.github', 'workflows');

/** Each workflow's path and the text the definitions generate for it. */
export function generated(): Array<{ path: string; text: string }> {
  return WORKFLOWS.map((w) => ({ path: join(OUT_DIR, w.file), text: renderWorkflow(w) }));
}

/** Paths whose committed text differs from what the definitions generate (missing files included). */
export function drifted(): string[] {
  return generated()
    .filter(({ path, text }) => !existsSync(path) || readFileSync(path, 'utf8') !== text)
    .map(({ path }) => path);
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = drifted();
    for (const path of stale) console.error(`${path}: differs from its definition; run npm run workflows`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  // Only what differs is written (init runs this after a prefix change: it names what changed).
  mkdirSync(OUT_DIR, { recursive: true });
  const stale = new Set(drifted());
  for (const { path, text } of generated().filter((g) => stale.has(g.path))) {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
  if (stale.size === 0) console.log(`${WORKFLOWS.length} workflows up to date`);
}
