// Renders a kustomization with the real kustomize (`kubectl kustomize`), as Argo CD does, and maps
// each object back to its source file. kustomize records origins only when the top kustomization asks
// (buildMetadata: [originAnnotations]), so the tree is rendered through a throwaway wrapper that asks,
// and the annotation is removed again: the checks see exactly what Argo CD would apply. Asking costs
// every transformer a pass over every object's origin (an overlay of twenty services: 0.75 s without, 3 to
// 5 s with, most of it its images list): a tree that includes other rendered trees is rendered without,
// and origins.ts names its objects' files from those trees' own renders.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kustomizationFile } from './discover.js';
import type { K8sObject, RenderedObject, Tree } from './model.js';

const run = promisify(execFile);
const ORIGIN = 'config.kubernetes.io/origin';

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
      `resources:\n  - ${relative(wrapper, path)}\n${options.origins === false ? '' : 'buildMetadata: [originAnnotations]\n'}`,
    );
    ({ stdout } = await run(options.kubectl ?? 'kubectl', ['kustomize', wrapper], {
      maxBuffer: 64 * 1024 * 1024,
    }));
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

/** Removes kustomize's origin annotation and returns the repo-relative file it names. */
function takeOrigin(object: K8sObject, wrapper: string, repoRoot: string): string | undefined {
  const annotations = object.metadata?.annotations;
  const origin = annotations?.[ORIGIN];
  if (!annotations || origin === undefined) return undefined;
  delete annotations[ORIGIN];
  if (Object.keys(annotations).length === 0 && object.metadata) delete object.metadata.annotations;
  // `path:` for a resource file, `configuredIn:` for a generator's kustomization.
  const match = origin.match(/^(?:path|configuredIn): (.+)$/m);
  return match?.[1] ? relative(repoRoot, resolve(wrapper, match[1])) : undefined;
}
