// Which kustomizations other kustomizations include (resources or components). The others are the
// deployable trees: Argo CD applies them as they stand, so environment rules apply to them.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { kustomizationFile } from './discover.js';
import { list, record } from './model.js';

/** Absolute paths of the directories that some kustomization in `dirs` includes. */
export async function includedDirs(dirs: string[]): Promise<Set<string>> {
  const known = new Set(dirs);
  const included = new Set<string>();
  await Promise.all(
    dirs.map(async (dir) => {
      const doc = record(parse(await readFile(join(dir, await kustomizationFile(dir)), 'utf8')));
      for (const entry of [...list(doc?.resources), ...list(doc?.components)]) {
        if (typeof entry !== 'string') continue;
        const target = resolve(dir, entry);
        if (known.has(target)) included.add(target);
      }
    }),
  );
  return included;
}
