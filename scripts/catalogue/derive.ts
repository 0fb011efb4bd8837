// `npm run derive [-- --check]`: writes every file derived from services/*/score.yaml (GitOps bases and
// per-environment service wiring, Terraform's service inputs) and from init.values.json (each cluster's
// platform.env, auth.env, the overlays' namespace, Terraform's platform variables, CODEOWNERS' owners); with
// --check, changes nothing and exits 1 naming each file that differs from what they give. The workflows
// have their own command (npm run workflows). A service's base whose declaration is gone is removed
// (--check names it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Catalogue,
  loadCatalogue,
  REPOSITORY_ROOT,
  ServiceDeclarationError,
} from '../../services/lib/catalogue/catalogue.js';
import { GitopsDerivationError } from '../gitops/derive/service-config.js';
import { type DerivedFile, derivedFiles, staleFolders } from './derived.js';

/** The derived files whose committed text differs from what the declarations give. */
export function drift(root: string, files: readonly DerivedFile[]): string[] {
  return files
    .filter((f) => {
      const path = join(root, f.path);
      return !existsSync(path) || readFileSync(path, 'utf8') !== f.text;
    })
    .map((f) => f.path);
}

/** Writes the files that differ; returns their paths. */
export function writeDerived(root: string, files: readonly DerivedFile[]): string[] {
  const changed = drift(root, files);
  for (const f of files.filter((file) => changed.includes(file.path))) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.text);
  }
  return changed;
}

/** Removes the folders derivation wrote for services no longer declared; returns their paths. */
export function removeStale(catalogue: Catalogue): string[] {
  const stale = staleFolders(catalogue);
  for (const path of stale) rmSync(join(catalogue.root, path), { recursive: true, force: true });
  return stale;
}

export function main(argv: readonly string[], root: string = REPOSITORY_ROOT): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check' && a !== '--');
  if (unknown.length > 0) {
    process.stderr.write(
      `derive: unexpected argument ${unknown.join(' ')}\nusage: npm run derive [-- --check]\n`,
    );
    return 2;
  }
  let files: DerivedFile[];
  let catalogue: Catalogue;
  try {
    catalogue = loadCatalogue(root);
    files = derivedFiles(catalogue);
  } catch (error) {
    // A declaration that is not valid (its file and every bad field) or a tree derive cannot edit: the
    // message, not a stack trace; nothing written.
    if (!(error instanceof ServiceDeclarationError || error instanceof GitopsDerivationError)) throw error;
    process.stderr.write(`derive: ${error.message}\nnothing written\n`);
    return 2;
  }
  if (check) {
    const stale = drift(root, files);
    for (const path of stale)
      process.stderr.write(
        `${path}: differs from what services/*/score.yaml and init.values.json give; run npm run derive\n`,
      );
    const orphans = staleFolders(catalogue);
    for (const path of orphans)
      process.stderr.write(`${path}: its service is no longer declared; run npm run derive\n`);
    return stale.length + orphans.length > 0 ? 1 : 0;
  }
  const changed = writeDerived(root, files);
  const removed = removeStale(catalogue);
  process.stdout.write(
    changed.length + removed.length > 0
      ? [...changed.map((p) => `wrote ${p}\n`), ...removed.map((p) => `removed ${p}\n`)].join('')
      : `${files.length} derived files up to date\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
