// Renders a kustomization with the real kustomize (`kubectl kustomize`), as Argo CD does, and maps
// each object back to its source file. kustomize records origins only when the top kustomization asks
// (buildMetadata: [originAnnotations]), so the tree is rendered through a throwaway wrapper that asks,
// and the annotation is removed again: the checks see exactly what Argo CD would apply. Asking costs
// every transformer a pass over every object's origin (an overlay of twenty services: 0.75 s without, 3 to
// 5 s with, most of it its images list): a tree that includes other rendered trees is rendered without,
// and origins.ts names its objects' files from those trees' own renders. Trees that include none (the
// services' bases) can be rendered together in one process (renderTogether): a base rendered alone costs
// about twice its share of one run (at twenty services, ~110 ms against ~50 ms).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kustomizationFile } from './discover.js';
import type { K8sObject, RenderedObject, Tree } from './model.js';

const run = promisify(execFile);
const ORIGIN = 'config.kubernetes.io/origin';
/** Stamped on each object of a tree rendered together with others, naming it; removed again. */
const TREE = 'validate-gitops.internal/tree';
const ASK_ORIGINS = 'buildMetadata: [originAnnotations]\n';

/** Options of {@link renderTree}. */
export interface RenderOptions {
  /** Paths in messages are relative to this directory. */
  repoRoot: string;
  /** @defaultValue `kubectl` from PATH */
  kubectl?: string;
  /** Ask kustomize for each object's source file; without, every object names the tree's kustomization. @defaultValue true */
  origins?: boolean;
}

export async function renderTree(path: string, options: RenderOptions): Promise<Tree> {
  const dir = relative(options.repoRoot, path) || '.';
  const started = performance.now();
  const ownFile = join(dir, await kustomizationFile(path));
  const wrapper = await mkdtemp(join(tmpdir(), 'gitops-render-'));
  let stdout: string;
  try {
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      `resources:\n  - ${relative(wrapper, path)}\n${options.origins === false ? '' : ASK_ORIGINS}`,
    );
    stdout = await kustomize(wrapper, options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const message =
      e.code === 'ENOENT'
        ? `kubectl is not installed: cannot render with kustomize (${options.kubectl ?? 'kubectl'} not found)`
        : (e.stderr ?? e.message).trim();
    return { dir, path, objects: [], error: message, ms: performance.now() - started };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  const objects: RenderedObject[] = [];
  for (const doc of parseAllDocuments(stdout)) {
    const object = doc.toJS() as K8sObject | null;
    if (!object) continue;
    objects.push({ object, file: takeOrigin(object, wrapper, options.repoRoot) ?? ownFile });
  }
  return { dir, path, objects, ms: performance.now() - started };
}

/**
 * Renders trees that include no other rendered tree in one kustomize process, each exactly as
 * {@link renderTree} renders it alone (same objects, same files): a wrapper includes, per tree, a
 * kustomization that includes the tree and stamps an annotation naming it on each object's metadata (only
 * there: not on pod templates), asks for origins, and the output is split by that annotation, removed again.
 * Each tree's `ms` is the run's time divided among them. Undefined when the run fails (a tree that does not
 * render, two trees declaring the same object): render each alone then, for its own error.
 */
export async function renderTogether(
  paths: readonly string[],
  options: Omit<RenderOptions, 'origins'>,
): Promise<Tree[] | undefined> {
  const started = performance.now();
  const ownFiles = await Promise.all(
    paths.map(async (path) => join(relative(options.repoRoot, path) || '.', await kustomizationFile(path))),
  );
  const wrapper = await mkdtemp(join(tmpdir(), 'gitops-render-'));
  let stdout: string;
  try {
    await Promise.all(
      paths.map(async (path, index) => {
        const part = join(wrapper, `tree-${index}`);
        await mkdir(part);
        await writeFile(
          join(part, 'kustomization.yaml'),
          [
            'resources:',
            `  - ${relative(part, path)}`,
            'transformers:',
            '  - |-',
            '    apiVersion: builtin',
            '    kind: AnnotationsTransformer',
            '    metadata: { name: tree }',
            `    annotations: { ${TREE}: "${index}" }`,
            '    fieldSpecs: [{ path: metadata/annotations, create: true }]',
            '',
          ].join('\n'),
        );
      }),
    );
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      `resources:\n${paths.map((_, index) => `  - tree-${index}\n`).join('')}${ASK_ORIGINS}`,
    );
    stdout = await kustomize(wrapper, options);
  } catch {
    return undefined;
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  const objects: RenderedObject[][] = paths.map(() => []);
  for (const doc of parseAllDocuments(stdout)) {
    const object = doc.toJS() as K8sObject | null;
    if (!object) continue;
    const index = Number(takeAnnotation(object, TREE));
    const own = objects[index];
    if (own === undefined) return undefined; // not stamped: cannot say whose it is
    own.push({ object, file: takeOrigin(object, wrapper, options.repoRoot) ?? (ownFiles[index] as string) });
  }
  const ms = (performance.now() - started) / paths.length;
  return paths.map((path, index) => ({
    dir: relative(options.repoRoot, path) || '.',
    path,
    objects: objects[index] as RenderedObject[],
    ms,
    sharedWith: paths.length,
  }));
}

/** `kubectl kustomize dir`'s output. */
async function kustomize(dir: string, options: Pick<RenderOptions, 'kubectl'>): Promise<string> {
  const { stdout } = await run(options.kubectl ?? 'kubectl', ['kustomize', dir], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Removes an annotation (and the annotations, when it was the last) and returns its value. */
function takeAnnotation(object: K8sObject, key: string): string | undefined {
  const annotations = object.metadata?.annotations;
  const value = annotations?.[key];
  if (!annotations || value === undefined) return undefined;
  delete annotations[key];
  if (Object.keys(annotations).length === 0 && object.metadata) delete object.metadata.annotations;
  return value;
}

/** Removes kustomize's origin annotation and returns the repo-relative file it names. */
function takeOrigin(object: K8sObject, wrapper: string, repoRoot: string): string | undefined {
  const origin = takeAnnotation(object, ORIGIN);
  if (origin === undefined) return undefined;
  // `path:` for a resource file, `configuredIn:` for a generator's kustomization.
  const match = origin.match(/^(?:path|configuredIn): (.+)$/m);
  return match?.[1] ? relative(repoRoot, resolve(wrapper, match[1])) : undefined;
}
