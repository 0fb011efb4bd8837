// validateGitops: renders every kustomization under the GitOps root with real kustomize and runs every
// GitOps check (checks/index.ts) on each rendered tree through the shared engine. The CLI (validate.ts),
// the Jest suite, the pipeline rehearsal and the PSA bench all call this one function.
import { dirname, resolve } from 'node:path';
import { runChecks } from '../checks/check.js';
import { type Finding, failing, sortFindings } from '../checks/finding.js';
import { gitopsChecks } from './checks/index.js';
import type { TreeSubject } from './checks/subject.js';
import { findKustomizations } from './discover.js';
import { fargateSelectors } from './fargate-profiles.js';
import { inclusions } from './includes.js';
import type { Tree } from './model.js';
import { nameOrigins } from './origins.js';
import { renderTogether, renderTree } from './render.js';

/** Options of {@link validateGitops}. */
export interface ValidateOptions {
  /** The GitOps root, e.g. `<repo>/gitops`. */
  root: string;
  /** Paths in findings are relative to it; Application source paths resolve from it. @defaultValue the root's parent */
  repoRoot?: string;
  /** @defaultValue `kubectl` */
  kubectl?: string;
  /** @defaultValue `promtool` */
  promtool?: string;
  /** kustomize processes at once. @defaultValue 4 */
  concurrency?: number;
}

/** One line of the report: a tree, how many objects it renders, how long it took, its verdict. */
export interface TreeRow {
  tree: string;
  objects: number;
  /** Its render's time; a tree rendered together with others (`sharedWith`) shows that run's time divided among them. */
  ms: number;
  /** How many trees one kustomize run rendered together, this one among them. */
  sharedWith?: number;
  /** `deployable` (Argo CD applies it as is) or `building block` (included by another tree). */
  role: 'deployable' | 'building block';
  findings: number;
  verdict: 'pass' | 'FAIL';
}

export interface ValidateResult {
  ok: boolean;
  rows: TreeRow[];
  /** Every tree's findings, sorted (file, line, rule), each once. */
  findings: Finding[];
  /** Wall time of the whole validation. */
  ms: number;
}

export async function validateGitops(options: ValidateOptions): Promise<ValidateResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const repoRoot = resolve(options.repoRoot ?? dirname(root));
  const dirs = await findKustomizations(root);
  void fargateSelectors(repoRoot); // parse Terraform's Fargate profile (the fargate check) while kustomize renders
  const includes = await inclusions(dirs);
  const included = new Set([...includes.values()].flatMap((i) => [...i.trees]));
  // A tree that includes rendered trees is rendered without kustomize's origins (render.ts says why), and
  // named from theirs once they are all rendered.
  const composite = (dir: string) => (includes.get(dir)?.trees.size ?? 0) > 0;
  const kubectl = options.kubectl ? { kubectl: options.kubectl } : {};
  const render = (dir: string) => renderTree(dir, { repoRoot, origins: !composite(dir), ...kubectl });
  // The building blocks that include no rendered tree (the services' bases: most of the trees as services
  // are added) render in one kustomize process, the rest each in its own; should that one process fail,
  // each renders alone, so its error is its own. Either way each tree is the same, and gets every check.
  const plain = dirs.filter((dir) => included.has(dir) && !composite(dir));
  const together = plain.length > 1 ? plain : [];
  const concurrency = options.concurrency ?? 4;
  const jobs: Array<() => Promise<Tree[] | undefined>> = [
    ...(together.length > 0 ? [() => renderTogether(together, { repoRoot, ...kubectl })] : []),
    ...dirs.filter((dir) => !together.includes(dir)).map((dir) => async () => [await render(dir)]),
  ];
  const results = await mapLimited(jobs, concurrency, (job) => job());
  if (together.length > 0 && results[0] === undefined)
    results[0] = await mapLimited(together, concurrency, render);
  const byPath = new Map(results.flatMap((rendered) => rendered ?? []).map((tree) => [tree.path, tree]));
  const trees = dirs.map((dir) => byPath.get(dir) as Tree);
  const named = new Set<string>();
  const name = (dir: string): void => {
    const inclusion = includes.get(dir);
    const tree = byPath.get(dir);
    if (named.has(dir) || !inclusion || !tree || !composite(dir)) return;
    named.add(dir);
    for (const part of inclusion.trees) name(part);
    nameOrigins(tree, inclusion, byPath, repoRoot);
  };
  for (const dir of dirs) name(dir);
  const byDir = new Map(trees.map((t) => [t.dir, t]));

  const perTree = await Promise.all(
    trees.map(async (tree) => {
      const deployable = !included.has(tree.path);
      const subject: TreeSubject = {
        tree,
        trees: byDir,
        deployable,
        repoRoot,
        ...(options.promtool ? { promtool: options.promtool } : {}),
      };
      return { tree, deployable, found: await runChecks(gitopsChecks, subject) };
    }),
  );
  const findings = sortFindings(perTree.flatMap((t) => t.found));
  const rows: TreeRow[] = perTree.map(({ tree, deployable, found }) => ({
    tree: tree.dir,
    objects: tree.objects.length,
    ms: Math.round(tree.ms),
    ...(tree.sharedWith ? { sharedWith: tree.sharedWith } : {}),
    role: deployable ? 'deployable' : 'building block',
    findings: found.length,
    verdict: failing(found) ? 'FAIL' : 'pass',
  }));
  return { ok: !failing(findings), rows, findings, ms: Math.round(performance.now() - started) };
}

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight (kustomize is CPU-bound). */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
