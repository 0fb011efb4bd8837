// validateGitops: renders every kustomization under the GitOps root with real kustomize, validates each
// object against its schema, and applies the policies. The CLI (validate.ts), the Jest suite and the
// pipeline rehearsal all call this one function.
import { dirname, resolve } from 'node:path';
import { runChecks } from '../checks/check.js';
import { gitopsChecks } from './checks/index.js';
import { findKustomizations } from './discover.js';
// >>> cluster branch: engine checks (chart-facts, fargate) until the psa branch's validator runs them.
import { fargateSelectors } from './fargate-profiles.js';
import { includedDirs } from './includes.js';
import type { Finding, Tree } from './model.js';
import { argocdFindings } from './policies/argocd.js';
import { deployableFindings, secretFindings } from './policies/environment.js';
import { podSecurityFindings } from './policies/pod-security.js';
import { workloadFindings } from './policies/workload.js';
import { promtoolFindings } from './promtool.js';
import { renderTree } from './render.js';
import { schemaFindings } from './schema.js';
// <<< cluster branch

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
  ms: number;
  /** `deployable` (Argo CD applies it as is) or `building block` (included by another tree). */
  role: 'deployable' | 'building block';
  findings: number;
  verdict: 'pass' | 'FAIL';
}

export interface ValidateResult {
  ok: boolean;
  rows: TreeRow[];
  findings: Finding[];
  /** Wall time of the whole validation. */
  ms: number;
}

export async function validateGitops(options: ValidateOptions): Promise<ValidateResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const repoRoot = resolve(options.repoRoot ?? dirname(root));
  const dirs = await findKustomizations(root);
  void fargateSelectors(repoRoot); // >>> cluster branch: parse Terraform while kustomize renders
  const [trees, included] = await Promise.all([
    mapLimited(dirs, options.concurrency ?? 4, (dir) =>
      renderTree(dir, { repoRoot, ...(options.kubectl ? { kubectl: options.kubectl } : {}) }),
    ),
    includedDirs(dirs),
  ]);
  const byDir = new Map(trees.map((t) => [t.dir, t]));

  const perTree = await Promise.all(
    trees.map(async (tree) => {
      const deployable = !included.has(tree.path);
      const found = await treeFindings(tree, deployable, byDir, { repoRoot, promtool: options.promtool });
      return { tree, deployable, found };
    }),
  );
  const findings = perTree.flatMap((t) => t.found);
  if (dirs.length === 0)
    findings.push({ file: root, rule: 'discover', message: 'no kustomization found', tree: root });
  const rows: TreeRow[] = perTree.map(({ tree, deployable, found }) => ({
    tree: tree.dir,
    objects: tree.objects.length,
    ms: Math.round(tree.ms),
    role: deployable ? 'deployable' : 'building block',
    findings: found.length,
    verdict: found.length === 0 ? 'pass' : 'FAIL',
  }));
  return { ok: findings.length === 0, rows, findings, ms: Math.round(performance.now() - started) };
}

async function treeFindings(
  tree: Tree,
  deployable: boolean,
  trees: Map<string, Tree>,
  options: { repoRoot: string; promtool?: string | undefined },
): Promise<Finding[]> {
  if (tree.error !== undefined)
    return [{ file: `${tree.dir}/kustomization.yaml`, rule: 'render', message: tree.error, tree: tree.dir }];
  const out: Finding[] = [];
  for (const item of tree.objects) {
    out.push(...(await schemaFindings(tree, item)));
    out.push(...podSecurityFindings(tree, item));
    out.push(...workloadFindings(tree, item));
  }
  out.push(...secretFindings(tree));
  // >>> cluster branch: the engine's GitOps checks, in the old Finding shape
  const subject = { tree, trees, deployable, repoRoot: options.repoRoot };
  for (const f of await runChecks(gitopsChecks, subject))
    out.push({
      file: f.file,
      rule: f.rule,
      message: f.message.replace(` (rendered by ${tree.dir})`, ''),
      tree: tree.dir,
    });
  // <<< cluster branch
  if (deployable) {
    out.push(...deployableFindings(tree));
    out.push(...argocdFindings(tree, trees));
    out.push(
      ...(await promtoolFindings(tree, {
        repoRoot: options.repoRoot,
        ...(options.promtool ? { promtool: options.promtool } : {}),
      })),
    );
  }
  return out;
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
