// Reads a Terraform tree into JSON with @cdktf/hcl2json (HashiCorp's HCL parser compiled to WASM): the
// policy rules read the same syntax tree Terraform itself would, without providers or a network.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Finding } from '../checks/finding.js';

// hcl2json is a Go program compiled to WASM: V8's optimising tier recompiles all of it in the background on
// every start, about a second of CPU, for a parse that then takes a tenth of that. Measured on this tree (48
// files): 1.37 s of CPU with tier-up, 0.33 s with the baseline compiler only. Set before the module loads.
setFlagsFromString('--liftoff-only');

/**
 * hcl2json's `parse(filename, contents)`. Loaded untyped on purpose: its typings carry
 * `/// <reference lib="dom" />`, which swaps Node's fetch types for the DOM's across the whole program
 * (a Buffer body stops type-checking everywhere).
 */
export const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  filename: string,
  contents: string,
) => Promise<Record<string, unknown>>;

/** A parsed `.tf` file. `json` is hcl2json's output: blocks by kind, then type/name, then a list of bodies. */
export interface TfFile {
  /** Path relative to the tree root, with `/` separators. */
  readonly path: string;
  /** Directory relative to the tree root (`.` for the root): one Terraform module. */
  readonly dir: string;
  /** Path as printed in findings (relative to the working directory). */
  readonly display: string;
  /** The file's text: hcl2json gives no positions, so lines are found here. */
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/**
 * A variable definitions file of a root module that is committed: `<env>.tfvars` (what `-var-file=<env>.tfvars`
 * gives one environment) or `*.auto.tfvars[.json]` (what Terraform loads by itself, in every environment).
 * `terraform.tfvars` and `*.local.tfvars` are an operator's own, not committed: never read.
 */
export interface TfVarFile {
  readonly path: string;
  readonly dir: string;
  readonly display: string;
  readonly text: string;
  /** `dev` for dev.tfvars; undefined for an auto file. */
  readonly environment: string | undefined;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface TfTree {
  readonly root: string;
  readonly files: readonly TfFile[];
  /** The committed var-files (none when absent). */
  readonly varFiles?: readonly TfVarFile[];
  /** The environment this view of the tree is for: its `<env>.tfvars` apply (model.ts `environmentViews`). */
  readonly environment?: string;
}

/** What a file name says it is: an environment's var-file, an auto var-file, or neither (undefined). */
export function varFileKind(name: string): { environment: string | undefined } | undefined {
  if (/\.auto\.tfvars(\.json)?$/.test(name)) return { environment: undefined };
  const env = /^([a-z][a-z0-9-]*)\.tfvars(\.json)?$/.exec(name)?.[1];
  return env !== undefined && env !== 'terraform' ? { environment: env } : undefined;
}

const skipped = new Set(['.terraform', 'node_modules', '.git']);

/** Every file under `dir` whose name `keep` accepts, sorted, skipping `.terraform` caches. */
async function listFiles(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) await walk(join(current, entry.name));
      } else if (entry.isFile() && keep(entry.name)) {
        out.push(join(current, entry.name));
      }
    }
  }
  await walk(dir);
  return out.sort();
}

/** Every `.tf` file under `dir`, sorted, skipping `.terraform` caches. */
export const listTfFiles = (dir: string): Promise<string[]> => listFiles(dir, (n) => n.endsWith('.tf'));

/** Top-level blocks of a file, each from its header line to the `}` that closes it at column 0. */
function topLevelBlocks(text: string): string[] {
  return [
    ...text.matchAll(/^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[\w-]+))*[ \t]*\{[^\n]*\n[\s\S]*?^\}[ \t]*$/gm),
  ].map((m) => m[0]);
}

function merge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    const have = into[key];
    if (Array.isArray(have) && Array.isArray(value)) have.push(...value);
    else if (have && value && typeof have === 'object' && typeof value === 'object')
      merge(have as Record<string, unknown>, value as Record<string, unknown>);
    else into[key] = value;
  }
}

/** The blocks of a file that parse one by one, merged; undefined when none does. */
async function parseBlocks(path: string, text: string): Promise<Record<string, unknown> | undefined> {
  const json: Record<string, unknown> = {};
  let parsed = 0;
  for (const block of topLevelBlocks(text)) {
    try {
      merge(json, (await parse(path, `${block}\n`)) as Record<string, unknown>);
      parsed++;
    } catch {
      // This block is the one the parse finding names (or another broken one): skip it.
    }
  }
  return parsed > 0 ? json : undefined;
}

function posix(p: string): string {
  return p.split(sep).join('/');
}

/** Parses every `.tf` file under `root`; a file that does not parse becomes a `parse` finding. */
export async function loadTree(
  root: string,
  cwd = process.cwd(),
): Promise<{ tree: TfTree; findings: Finding[] }> {
  const files: TfFile[] = [];
  const findings: Finding[] = [];
  const paths = await listTfFiles(root);
  const texts = await Promise.all(paths.map((abs) => readFile(abs, 'utf8')));
  // hcl2json's WASM runtime spins between calls: every parse is handed to it at once, which costs a
  // tenth of the CPU of one call after another.
  const parsed = await Promise.all(
    paths.map(async (abs, i): Promise<{ file?: TfFile; finding?: Finding }> => {
      const path = posix(relative(root, abs));
      const rel = relative(cwd, abs);
      const display = rel.startsWith('..') ? abs : posix(rel);
      const slash = path.lastIndexOf('/');
      const dir = slash === -1 ? '.' : path.slice(0, slash);
      const text = texts[i] as string;
      try {
        const json = (await parse(path, text)) as Record<string, unknown>;
        return { file: { path, dir, display, text, json } };
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
        // hcl2json's message carries HCL's range, `<path>:<line>,<column>-...`.
        const line = Number(message.split(`${path}:`)[1]?.match(/^(\d+),/)?.[1] ?? 1);
        const finding: Finding = { file: display, line, rule: 'parse', message, severity: 'error' };
        // The file still counts for the blocks that do parse: the checks read those, the finding stays.
        const json = await parseBlocks(path, text);
        return { finding, ...(json ? { file: { path, dir, display, text, json } } : {}) };
      }
    }),
  );
  for (const p of parsed) {
    if (p.file) files.push(p.file);
    if (p.finding) findings.push(p.finding);
  }
  const varFiles: TfVarFile[] = [];
  for (const abs of await listFiles(root, (n) => varFileKind(n) !== undefined)) {
    const { varFile, finding } = await loadVarFile(root, abs, cwd);
    if (varFile) varFiles.push(varFile);
    if (finding) findings.push(finding);
  }
  return { tree: { root, files, varFiles }, findings };
}

/** Reads one var-file: HCL attributes (hcl2json) or JSON, whose "//" key is a comment, as Terraform reads it. */
export async function loadVarFile(
  root: string,
  abs: string,
  cwd = process.cwd(),
): Promise<{ varFile?: TfVarFile; finding?: Finding }> {
  const path = posix(relative(root, abs));
  const rel = relative(cwd, abs);
  const display = rel.startsWith('..') ? abs : posix(rel);
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '.' : path.slice(0, slash);
  const text = await readFile(abs, 'utf8');
  const environment = varFileKind(path.slice(slash + 1))?.environment;
  try {
    const parsed = path.endsWith('.json') ? JSON.parse(text) : await parse(path, text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('expected an object of variable values');
    const { '//': _comment, ...values } = parsed as Record<string, unknown>;
    return { varFile: { path, dir, display, text, environment, values } };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    return { finding: { file: display, line: 1, rule: 'parse', message, severity: 'error' } };
  }
}
