// What each kustomization includes: the other kustomizations (resources or components, also through a
// Component: an environment's service wiring is a Component that includes the services' bases) and the
// resource files it or its Components list itself. A kustomization no other includes is deployable: Argo CD
// applies it as it stands, so environment rules apply to it.
import { resolve } from 'node:path';
import { readKustomization } from './discover.js';
import { list } from './model.js';

export interface Inclusion {
  /** Absolute directories of the kustomizations (among the known ones) it includes. */
  readonly trees: ReadonlySet<string>;
  /** Absolute paths of the resource files it, and the Components it includes, list themselves. */
  readonly files: ReadonlySet<string>;
}

/** What a kustomization (or Component) at `dir` lists, absolute; undefined when `dir` holds none (a file). */
async function listed(dir: string): Promise<{ resources: string[]; components: string[] } | undefined> {
  const doc = await readKustomization(dir).catch(() => undefined);
  if (doc === undefined) return undefined;
  const paths = (entries: unknown) =>
    list(entries)
      .filter((entry): entry is string => typeof entry === 'string')
      .map((entry) => resolve(dir, entry));
  return { resources: paths(doc?.resources), components: paths(doc?.components) };
}

/** What each of `dirs` (absolute kustomization directories) includes, directly or through Components. */
export async function inclusions(dirs: readonly string[]): Promise<Map<string, Inclusion>> {
  const known = new Set(dirs);
  const result = new Map<string, Inclusion>();
  await Promise.all(
    dirs.map(async (root) => {
      const trees = new Set<string>();
      const files = new Set<string>();
      const visited = new Set<string>([root]);
      /** Whether `dir` is a kustomization (else a resource file). */
      const walk = async (dir: string): Promise<boolean> => {
        const own = await listed(dir);
        if (!own) return false;
        for (const target of [...own.resources, ...own.components]) {
          if (known.has(target)) trees.add(target);
          else if (!visited.has(target)) {
            visited.add(target);
            // A Component's own inclusions count as its includer's; a file is a resource.
            if (!(await walk(target))) files.add(target);
          }
        }
        return true;
      };
      await walk(root);
      result.set(root, { trees, files });
    }),
  );
  return result;
}

/** Absolute paths of the directories that some kustomization in `dirs` includes, directly or through Components. */
export async function includedDirs(dirs: string[]): Promise<Set<string>> {
  return new Set([...(await inclusions(dirs)).values()].flatMap((i) => [...i.trees]));
}
