// Which pods EKS runs on Fargate, read from Terraform (terraform/modules/cluster's Fargate profile and
// the values the environments pass it), so the fargate check holds the GitOps tree to Fargate's limits
// where the cluster really puts the pods. Parsed with the same HCL parser as check:terraform.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type TfFile, type TfTree } from '../terraform/hcl.js';
import {
  expression,
  record,
  registryModuleCalls,
  resolve,
  stringList,
  valuesFromCallers,
} from '../terraform/model.js';

/** One selector of a Fargate profile: pods of the namespace carrying all the labels. */
export interface FargateSelector {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

const CLUSTER_DIR = 'modules/cluster';
/** The variables the profile's selector expression is built from, and how each turns into selectors. */
const KNOWN = ['system_namespaces', 'inventory_pods'];

const cache = new Map<string, Promise<FargateSelector[] | string>>();

/**
 * The Fargate selectors of `<repoRoot>/terraform`: [] when there is no cluster module; a message when the
 * profile is built in a way this reader does not know (teach it rather than guess).
 */
export function fargateSelectors(repoRoot: string): Promise<FargateSelector[] | string> {
  let found = cache.get(repoRoot);
  if (!found) {
    // Never a rejection: the validator starts this early without awaiting it, and a .tf file that does not
    // parse is then the fargate check's finding rather than a crash.
    found = read(join(repoRoot, 'terraform')).catch(
      (error: unknown) =>
        `cannot read the Fargate profile: ${error instanceof Error ? error.message : String(error)}`,
    );
    cache.set(repoRoot, found);
  }
  return found;
}

async function read(root: string): Promise<FargateSelector[] | string> {
  if (!existsSync(join(root, CLUSTER_DIR, 'main.tf'))) return [];
  // Only the files the profile is built from: the module's call and defaults, the environments' calls
  // and locals (parsing is most of this reader's time).
  const tree = await load(root, [
    `${CLUSTER_DIR}/main.tf`,
    `${CLUSTER_DIR}/variables.tf`,
    ...envDirs(root).flatMap((d) => [`${d}/main.tf`, `${d}/settings.tf`]),
  ]);
  const eks = registryModuleCalls(tree, 'terraform-aws-modules/eks/aws').find(
    (m) => m.file.dir === CLUSTER_DIR,
  );
  const profiles = record(eks?.body.fargate_profiles);
  if (!eks || !profiles) return [];
  const out: FargateSelector[] = [];
  for (const [name, profile] of Object.entries(profiles)) {
    const selectors = record(profile)?.selectors;
    const literal = resolve(tree, CLUSTER_DIR, selectors);
    if (Array.isArray(literal)) {
      for (const s of literal) out.push(selector(tree, CLUSTER_DIR, record(s)));
      continue;
    }
    const text = typeof selectors === 'string' ? selectors : '';
    const used = [...text.matchAll(/\b(var|local)\.([A-Za-z0-9_]+)/g)].map((m) => `${m[1]}.${m[2]}`);
    const unknown = used.filter((u) => !KNOWN.map((k) => `var.${k}`).includes(u));
    if (used.length === 0 || unknown.length > 0)
      return `terraform/${CLUSTER_DIR}/main.tf: Fargate profile "${name}" selectors use ${unknown.join(', ') || 'an expression'} that scripts/gitops/fargate-profiles.ts cannot read`;
    if (used.includes('var.system_namespaces'))
      for (const { value } of valuesFromCallers(tree, CLUSTER_DIR, expression('var.system_namespaces')))
        for (const ns of stringList(tree, CLUSTER_DIR, value) ?? []) out.push({ namespace: ns, labels: {} });
    if (used.includes('var.inventory_pods'))
      for (const call of callers(tree))
        out.push(selector(tree, call.dir, record(resolve(tree, call.dir, call.value))));
  }
  return out;
}

function selector(tree: TfTree, dir: string, body: Record<string, unknown> | undefined): FargateSelector {
  const namespace = resolve(tree, dir, body?.namespace);
  const labels = record(resolve(tree, dir, body?.labels)) ?? {};
  return {
    namespace: typeof namespace === 'string' ? namespace : '',
    labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(resolve(tree, dir, v))])),
  };
}

/** What each environment passes as inventory_pods, with the caller's directory (its locals resolve there). */
function callers(tree: TfTree): { dir: string; value: unknown }[] {
  return tree.files.flatMap((file) =>
    Object.entries(record(file.json.module) ?? {}).flatMap(([, bodies]) =>
      (Array.isArray(bodies) ? bodies : [bodies])
        .map((b) => record(b))
        .filter((b) => b?.source === '../../modules/cluster' && 'inventory_pods' in b)
        .map((b) => ({ dir: file.dir, value: b?.inventory_pods })),
    ),
  );
}

function envDirs(root: string): string[] {
  const envs = join(root, 'envs');
  if (!existsSync(envs)) return [];
  return readdirSync(envs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `envs/${e.name}`);
}

/** Parses the given .tf files (relative to the Terraform root) that exist. */
async function load(root: string, paths: string[]): Promise<TfTree> {
  const files: TfFile[] = [];
  for (const path of paths.filter((p) => existsSync(join(root, p)))) {
    const text = readFileSync(join(root, path), 'utf8');
    const json = (await parse(path, text)) as Record<string, unknown>;
    files.push({ path, dir: path.slice(0, path.lastIndexOf('/')), display: `terraform/${path}`, text, json });
  }
  return { root, files };
}

/** Whether a pod of the namespace with these labels runs on Fargate. */
export function onFargate(
  selectors: readonly FargateSelector[],
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  return selectors.some(
    (s) => s.namespace === namespace && Object.entries(s.labels).every(([k, v]) => labels[k] === v),
  );
}
