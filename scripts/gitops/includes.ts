// Which kustomizations other kustomizations include (resources or components, also through a Component:
// an environment's service wiring is a Component that includes the services' bases). The others are the
// deployable trees: Argo CD applies them as they stand, so environment rules apply to them.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { kustomizationFile } from './discover.js';
import { list, record } from './model.js';

/** The directories a kustomization (or Component) at `dir` lists, absolute; [] when it has none or no file. */
async function listed(dir: string): Promise<string[]> {
  // A resource file, or a folder without a kustomization: nothing listed.
  const file = await kustomizationFile(dir).catch(() => undefined);
  const text = file && (await readFile(join(dir, file), 'utf8').catch(() => undefined));
  if (text === undefined) return [];
  const doc = record(parse(text));
  return [...list(doc?.resources), ...list(doc?.components)]
    .filter((entry): entry is string => typeof entry === 'string')
    .map((entry) => resolve(dir, entry));
}

/** Absolute paths of the directories that some kustomization in `dirs` includes, directly or through Components. */
export async function includedDirs(dirs: string[]): Promise<Set<string>> {
  const known = new Set(dirs);
  const included = new Set<string>();
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const target of await listed(dir)) {
      if (known.has(target)) included.add(target);
      // A Component's own inclusions count as its includer's (a file, or a kustomization already walked, is skipped).
      else if (!visited.has(target)) {
        visited.add(target);
        await walk(target);
      }
    }
  };
  await Promise.all(dirs.map(walk));
  return included;
}
