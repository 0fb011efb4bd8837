// `npm run derive [-- --check]`: writes every file derived from services/*/score.yaml (GitOps bases and
// per-environment service wiring, Terraform's service inputs) and from init.values.json (each cluster's
// platform.env, auth.env, the overlays' namespace, Terraform's platform variables, CODEOWNERS' owners); with
// --check, changes nothing and exits 1 naming each file that differs from what they give. The workflows
// have their own command (npm run workflows).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, REPOSITORY_ROOT } from '../../services/lib/catalogue/catalogue.js';
import { type DerivedFile, derivedFiles } from './derived.js';

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

export function main(argv: readonly string[], root: string = REPOSITORY_ROOT): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check' && a !== '--');
  if (unknown.length > 0) {
    process.stderr.write(
      `derive: unexpected argument ${unknown.join(' ')}\nusage: npm run derive [-- --check]\n`,
    );
    return 2;
  }
  const files = derivedFiles(loadCatalogue(root));
  if (check) {
    const stale = drift(root, files);
    for (const path of stale)
      process.stderr.write(
        `${path}: differs from what services/*/score.yaml and init.values.json give; run npm run derive\n`,
      );
    return stale.length > 0 ? 1 : 0;
  }
  const changed = writeDerived(root, files);
  process.stdout.write(
    changed.length > 0
      ? changed.map((p) => `wrote ${p}\n`).join('')
      : `${files.length} derived files up to date\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
