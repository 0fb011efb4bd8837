// The source file of each object of a tree rendered without kustomize's origin annotations (render.ts says
// why): an object that comes from a tree it includes names the file that tree's render gave it (the same
// origin kustomize would record: where the object was first read, or the kustomization that generated it);
// an object of its own, or of a Component it includes, names the resource file that declares its kind and
// name, or, renamed on the way (the namespace transformer renames the Namespace it sets), the one document of
// its kind left unmatched; anything else (generated here) keeps the tree's kustomization file.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import type { Inclusion } from './includes.js';
import type { K8sObject, Tree } from './model.js';

/** The kustomize hash suffix of a generated ConfigMap or Secret, which differs between renders. */
const HASH = /-[a-z0-9]{10}$/;

/** What identifies an object across renders: kind and name (generated hash dropped), not its namespace. */
function identity(object: K8sObject): string {
  const name = object.metadata?.name ?? '';
  const generated = object.kind === 'ConfigMap' || object.kind === 'Secret';
  return `${object.kind}/${generated ? name.replace(HASH, '') : name}`;
}

/** kind/name → repo-relative file, for the documents of the given resource files. */
function declaredIn(files: Iterable<string>, repoRoot: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // kustomize reports a resource it cannot read
    }
    for (const doc of parseAllDocuments(text)) {
      if (!isMap(doc.contents)) continue;
      const metadata = doc.contents.get('metadata');
      const key = `${String(doc.contents.get('kind'))}/${String(isMap(metadata) ? metadata.get('name') : '')}`;
      if (!found.has(key)) found.set(key, relative(repoRoot, file));
    }
  }
  return found;
}

/**
 * Names the file of each object of `tree` (rendered without origins) from the trees it includes, already
 * named, and from the resource files it and its Components list.
 */
export function nameOrigins(
  tree: Tree,
  inclusion: Inclusion,
  byPath: ReadonlyMap<string, Tree>,
  repoRoot: string,
): void {
  const fromParts = new Map<string, string>();
  for (const dir of inclusion.trees)
    for (const item of byPath.get(dir)?.objects ?? []) {
      const key = identity(item.object);
      if (!fromParts.has(key)) fromParts.set(key, item.file);
    }
  const fromFiles = declaredIn(inclusion.files, repoRoot);
  const unmatched: typeof tree.objects = [];
  const used = new Set<string>();
  for (const item of tree.objects) {
    const key = identity(item.object);
    const file = fromParts.get(key) ?? fromFiles.get(key);
    if (file === undefined) unmatched.push(item);
    else used.add(key);
    item.file = file ?? item.file;
  }
  // A renamed object: the one declared document of its kind no rendered object matched, when it is the one
  // object of that kind left (never a generated ConfigMap or Secret, which no document declares).
  const kindOf = (key: string) => key.slice(0, key.indexOf('/'));
  for (const item of unmatched) {
    const kind = item.object.kind;
    if (kind === 'ConfigMap' || kind === 'Secret') continue;
    const left = [...fromFiles].filter(([key]) => kindOf(key) === kind && !used.has(key));
    const others = unmatched.filter((o) => o.object.kind === kind);
    if (left.length === 1 && others.length === 1) item.file = left[0]?.[1] ?? item.file;
  }
}
