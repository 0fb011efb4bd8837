// Writes a new service from the template, then everything that follows from its declaration, as one
// change: the folder is built and checked in a scratch folder and moved into place last; the lock, CODEOWNERS,
// the derived files and the workflows are updated after it, and any failure puts every one of them back.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalogue, parseDeclaration } from '../../services/lib/catalogue/catalogue.js';
import { projectName } from '../../services/lib/catalogue/names.js';
import { writeDerived } from '../catalogue/derive.js';
import { derivedFiles } from '../catalogue/derived.js';
import { withServiceOwner } from '../github/codeowners.js';
import { parseOptions } from './options.js';
import { templateFiles } from './template/files.js';
import type { ServiceSpec } from './template/spec.js';

/** What {@link scaffold} did. */
export interface Scaffolded {
  readonly spec: ServiceSpec;
  /** The service's files, relative to the repository root. */
  readonly files: readonly string[];
  /** Every other file it changed (lock, CODEOWNERS, derived files, workflows), relative to the root. */
  readonly updated: readonly string[];
}

/** Files' texts before a change (undefined: absent), to put back when a later step fails. */
class Snapshot {
  private readonly before = new Map<string, string | undefined>();

  constructor(private readonly root: string) {}

  /** Remembers `paths` (relative to the root) unless already remembered. */
  keep(paths: readonly string[]): void {
    for (const path of paths) {
      if (this.before.has(path)) continue;
      const file = join(this.root, path);
      this.before.set(path, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    }
  }

  /** The remembered files whose text is not what it was. */
  changed(): string[] {
    return [...this.before]
      .filter(([path, text]) => {
        const file = join(this.root, path);
        return (existsSync(file) ? readFileSync(file, 'utf8') : undefined) !== text;
      })
      .map(([path]) => path)
      .sort();
  }

  restore(): void {
    for (const [path, text] of this.before) {
      const file = join(this.root, path);
      if (text === undefined) rmSync(file, { force: true });
      else writeFileSync(file, text);
    }
  }
}

const tool = (root: string, name: string) => join(root, 'node_modules', '.bin', name);

/** Runs a command in the repository; its output is kept for the error when it fails. */
function run(root: string, command: string, args: readonly string[]): void {
  try {
    execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${[command, ...args].join(' ')} failed:\n${stderr ?? ''}${stdout ?? ''}`);
  }
}

/** Writes the template's files for `spec` into `dir` and formats them as the project does (Biome). */
function render(root: string, spec: ServiceSpec, dir: string): string[] {
  const files = templateFiles(spec, root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // Line breaks depend on the name's length: the formatter decides them, and a lint error is a template bug.
  run(root, tool(root, 'biome'), ['check', '--write', dir]);
  // The declaration passes the catalogue as it will be read, before anything is in place.
  const file = `services/${spec.name}/score.yaml`;
  const declaration = parseDeclaration(readFileSync(join(dir, 'score.yaml'), 'utf8'), file, spec.name, {
    project: projectName(root),
  });
  for (const path of [declaration.build.entry, ...declaration.build.include])
    if (!existsSync(join(dir, path))) throw new Error(`the template wrote no ${path}, which ${file} names`);
  return Object.keys(files)
    .sort()
    .map((path) => `services/${spec.name}/${path}`);
}

/**
 * `npm run new:service -- <name> --kind ...` in `root`: refuses bad arguments before writing anything
 * (ScaffoldRefusal), else writes services/<name>/ and updates what follows from it.
 */
export function scaffold(root: string, argv: readonly string[]): Scaffolded {
  const catalogue = loadCatalogue(root);
  const spec = parseOptions(argv, catalogue, { project: projectName(root) });
  const target = join(root, 'services', spec.name);
  // Beside its final place (same file system, so the move is one rename); a dot folder no tool reads as a service.
  const scratch = mkdtempSync(join(root, 'services', `.new-${spec.name}-`));
  let files: string[];
  try {
    files = render(root, spec, scratch);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const snapshot = new Snapshot(root);
  snapshot.keep(['package-lock.json', '.github/CODEOWNERS']);
  renameSync(scratch, target);
  try {
    // The workspace joins the lock (package.json's `services/*` finds it); its packages are already locked.
    run(root, 'npm', ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund']);
    run(root, process.execPath, [join(root, 'scripts', 'lockfile', 'complete.mjs')]);
    const codeowners = join(root, '.github', 'CODEOWNERS');
    writeFileSync(codeowners, withServiceOwner(readFileSync(codeowners, 'utf8'), spec.name));
    const derived = derivedFiles(loadCatalogue(root));
    snapshot.keep(derived.map((f) => f.path));
    writeDerived(root, derived);
    const workflows = join(root, '.github', 'workflows');
    snapshot.keep(readdirSync(workflows).map((f) => `.github/workflows/${f}`));
    // Its own process: workflows/paths.ts reads the catalogue once, when it is loaded.
    run(root, process.execPath, ['--import', 'tsx', join(root, 'workflows', 'generate.ts')]);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    snapshot.restore();
    throw error;
  }
  return { spec, files, updated: snapshot.changed() };
}
