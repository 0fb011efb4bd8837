// What a GitOps check reads: one rendered tree, with the other trees (an Application's path renders as its
// own tree) and whether Argo CD applies this tree as is. A finding about an object names the object and,
// when the object was rendered by another tree than its own folder, that tree too.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, LineCounter, parseAllDocuments } from 'yaml';
import type { Problem } from '../../checks/finding.js';
import { describe, type RenderedObject, type Tree } from '../model.js';
import { type PodTemplate, podTemplate } from '../pods.js';

export interface TreeSubject {
  readonly tree: Tree;
  /** Every rendered tree by repository-relative directory. */
  readonly trees: ReadonlyMap<string, Tree>;
  /** Argo CD applies this tree as is (no other kustomization includes it). */
  readonly deployable: boolean;
  /** Absolute repository root: findings' paths are relative to it. */
  readonly repoRoot: string;
  /** @defaultValue `promtool` from PATH */
  readonly promtool?: string;
}

/** A problem of one rendered object, at the line of its document in its source file. */
export function objectProblem(subject: TreeSubject, item: RenderedObject, message: string): Problem {
  const { tree } = subject;
  const where = item.file.startsWith(`${tree.dir}/`) ? '' : ` (rendered by ${tree.dir})`;
  return {
    file: item.file,
    line: objectLine(subject.repoRoot, item),
    message: `${describe(item.object)}: ${message}${where}`,
  };
}

/** A problem of the tree as a whole, at its kustomization file. */
export function treeProblem(
  subject: TreeSubject,
  message: string,
  file = `${subject.tree.dir}/kustomization.yaml`,
): Problem {
  return { file, line: 1, message };
}

/** Lines by object, per file as it was read: keyed by absolute path, size and mtime, so an edited file or another checkout's file of the same name is read anew. */
const lines = new Map<string, Map<string, number>>();

/** The 1-based line where the object's document starts in its file (kind and name match, or the file's one document of its kind), else 1. */
function objectLine(repoRoot: string, item: RenderedObject): number {
  const path = join(repoRoot, item.file);
  let version: string;
  try {
    const stat = statSync(path);
    version = `${path}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 1; // A file kustomize generated from (or that moved).
  }
  let byObject = lines.get(version);
  if (!byObject) {
    byObject = new Map();
    lines.set(version, byObject);
    try {
      const counter = new LineCounter();
      const text = readFileSync(path, 'utf8');
      for (const doc of parseAllDocuments(text, { lineCounter: counter })) {
        if (!('contents' in doc) || !isMap(doc.contents) || !doc.contents.range) continue;
        const kind = doc.contents.get('kind');
        const meta = doc.contents.get('metadata');
        const name = isMap(meta) ? meta.get('name') : undefined;
        const key = `${String(kind)}/${String(name)}`;
        const line = counter.linePos(doc.contents.range[0]).line;
        if (!byObject.has(key)) byObject.set(key, line);
        // The only document of its kind: also the line of an object renamed after it was read (a
        // component's `workload`, named after the service by its base).
        byObject.set(`${String(kind)}/`, byObject.has(`${String(kind)}/`) ? 0 : line);
      }
    } catch {
      // A file kustomize generated from (or that moved): findings fall back to line 1.
    }
  }
  return (
    byObject.get(`${item.object.kind}/${item.object.metadata?.name}`) ||
    byObject.get(`${item.object.kind}/`) ||
    1
  );
}

/** Each object of the tree with its check's problems: the common loop of per-object checks. */
export function perObject(
  subject: TreeSubject,
  check: (item: RenderedObject) => Iterable<string>,
): Problem[] {
  return subject.tree.objects.flatMap((item) => [...check(item)].map((m) => objectProblem(subject, item, m)));
}

/** Each object that holds a pod template with its check's problems: the common loop of per-pod checks. */
export function perPod(subject: TreeSubject, check: (pod: PodTemplate) => Iterable<string>): Problem[] {
  return perObject(subject, ({ object }) => {
    const pod = podTemplate(object);
    return pod ? check(pod) : [];
  });
}

/**
 * Each object of the tree with the problems of one kind that a shared analysis finds: the loop of the checks
 * that split one analysis between them (schema, promtool).
 */
export async function perObjectOfKind<Kind extends string>(
  subject: TreeSubject,
  analyse: (item: RenderedObject) => Promise<readonly { readonly kind: Kind; readonly message: string }[]>,
  kind: Kind,
): Promise<Problem[]> {
  const out: Problem[] = [];
  for (const item of subject.tree.objects)
    for (const p of await analyse(item))
      if (p.kind === kind) out.push(objectProblem(subject, item, p.message));
  return out;
}
