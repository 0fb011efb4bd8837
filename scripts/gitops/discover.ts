// Finds every kustomization under the GitOps root. Components (kind: Component) are skipped: they
// only render as part of the trees that use them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

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
    const file = entries.find((e) => e.isFile() && FILES.includes(e.name));
    if (file) {
      const doc = parse(await readFile(join(dir, file.name), 'utf8')) as { kind?: string } | null;
      if (doc?.kind !== 'Component') found.push(dir);
    }
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

/** The kustomization file's name in a directory (for messages about the tree itself). */
export async function kustomizationFile(dir: string): Promise<string> {
  const names = await readdir(dir);
  return FILES.find((f) => names.includes(f)) ?? 'kustomization.yaml';
}
