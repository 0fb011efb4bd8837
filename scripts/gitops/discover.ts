// Finds every kustomization under the GitOps root. Components (kind: Component) are skipped: they
// only render as part of the trees that use them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { record } from './model.js';

const FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The root to validate is missing or holds no kustomization: nothing checked is no pass. */
export class NothingToValidateError extends Error {
  override name = 'NothingToValidateError';
}

/**
 * Absolute paths of the directories that hold a renderable kustomization, sorted.
 * @throws NothingToValidateError when `root` is not a directory or holds none
 */
export async function findKustomizations(root: string): Promise<string[]> {
  const stats = await stat(root).catch(() => undefined);
  if (!stats?.isDirectory()) throw new NothingToValidateError(`${root} is not a directory`);
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && FILES.includes(e.name)))
      if ((await readKustomization(dir))?.kind !== 'Component') found.push(dir);
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => walk(join(dir, e.name))),
    );
  }
  await walk(root);
  if (found.length === 0) {
    throw new NothingToValidateError(`${root} holds no ${FILES.join(', ')} to render`);
  }
  return found.sort();
}

/** Parsed kustomizations by absolute directory, with the file's size and mtime: read once per version. */
const parsed = new Map<string, { version: string; doc: Record<string, unknown> | undefined }>();

/**
 * The kustomization (or Component) of `dir`, parsed; undefined when `dir` holds none (or is a file).
 * Read once while it is unchanged: discovery and the inclusions both read every one.
 */
export async function readKustomization(dir: string): Promise<Record<string, unknown> | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const name = FILES.find((f) => names.includes(f));
  if (name === undefined) return undefined;
  const path = join(dir, name);
  const info = await stat(path);
  const version = `${info.size}:${info.mtimeMs}`;
  const cached = parsed.get(path);
  if (cached?.version === version) return cached.doc;
  const doc = record(parse(await readFile(path, 'utf8')));
  parsed.set(path, { version, doc });
  return doc;
}

/** The kustomization file's name in a directory (for messages about the tree itself). */
export async function kustomizationFile(dir: string): Promise<string> {
  const names = await readdir(dir);
  return FILES.find((f) => names.includes(f)) ?? 'kustomization.yaml';
}
