// Which pods EKS runs on Fargate, read from Terraform (terraform/modules/cluster's Fargate profile and the
// values the environment root passes it, once per environment's var-file), so the fargate check holds the
// GitOps tree to Fargate's limits where the cluster really puts the pods. Parsed with the same HCL parser
// and model as check:terraform.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENVIRONMENT_ROOT } from '../terraform/environment-root.js';
import {
  loadVarFile,
  parse,
  type TfFile,
  type TfTree,
  type TfVarFile,
  varFileKind,
} from '../terraform/hcl.js';
import {
  environmentViews,
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
/** The environment root, relative to terraform/. */
const ROOT_DIR = relative('terraform', ENVIRONMENT_ROOT);
/** The references the profile's selector expression is built from; each turns into selectors below. */
const KNOWN = ['var.system_namespaces', 'local.services_selector'];

const cache = new Map<string, Promise<FargateSelector[] | string>>();

/**
 * The Fargate selectors of `<repoRoot>/terraform`, in every environment: [] when there is no cluster
 * module; a message when the profile is built in a way this reader does not know (teach it rather than
 * guess).
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
  // Only the files the profile is built from: the module's call, locals and defaults, the environment
  // root's call and the var-files that set its values (parsing is most of this reader's time).
  const tree = await load(root, [
    `${CLUSTER_DIR}/main.tf`,
    `${CLUSTER_DIR}/variables.tf`,
    `${ROOT_DIR}/main.tf`,
  ]);
  const eks = registryModuleCalls(tree, 'terraform-aws-modules/eks/aws').find(
    (m) => m.file.dir === CLUSTER_DIR,
  );
  const profiles = record(eks?.body.fargate_profiles);
  if (!eks || !profiles) return [];
  const out: FargateSelector[] = [];
  const add = (s: FargateSelector) => {
    if (!out.some((o) => JSON.stringify(o) === JSON.stringify(s))) out.push(s);
  };
  for (const [name, profile] of Object.entries(profiles)) {
    const selectors = record(profile)?.selectors;
    const literal = resolve(tree, CLUSTER_DIR, selectors);
    if (Array.isArray(literal)) {
      for (const s of literal) add(selector(tree, record(s)));
      continue;
    }
    const text = typeof selectors === 'string' ? selectors : '';
    const used = [...text.matchAll(/\b(var|local)\.([A-Za-z0-9_]+)/g)].map((m) => `${m[1]}.${m[2]}`);
    const unknown = used.filter((u) => !KNOWN.includes(u));
    if (used.length === 0 || unknown.length > 0)
      return `terraform/${CLUSTER_DIR}/main.tf: Fargate profile "${name}" selectors use ${unknown.join(', ') || 'an expression'} that scripts/gitops/fargate-profiles.ts cannot read`;
    if (used.includes('var.system_namespaces'))
      for (const { value } of valuesFromCallers(tree, CLUSTER_DIR, expression('var.system_namespaces')))
        for (const ns of stringList(tree, CLUSTER_DIR, value) ?? []) add({ namespace: ns, labels: {} });
    // The services' selector names a variable the environment root passes: one namespace per environment.
    if (used.includes('local.services_selector'))
      for (const view of environmentViews(tree))
        add(selector(view, record(resolve(view, CLUSTER_DIR, expression('local.services_selector')))));
  }
  return out;
}

/** A selector body of the cluster module, its namespace followed to what the environment passes. */
function selector(tree: TfTree, body: Record<string, unknown> | undefined): FargateSelector {
  const raw = body?.namespace;
  const namespace =
    typeof raw === 'string'
      ? valuesFromCallers(tree, CLUSTER_DIR, raw)[0]?.value
      : resolve(tree, CLUSTER_DIR, raw);
  const labels = record(resolve(tree, CLUSTER_DIR, body?.labels)) ?? {};
  return {
    namespace: typeof namespace === 'string' ? namespace : '',
    labels: Object.fromEntries(
      Object.entries(labels).map(([k, v]) => [k, String(resolve(tree, CLUSTER_DIR, v))]),
    ),
  };
}

/** Parses the given .tf files (relative to the Terraform root) that exist, and the root's var-files. */
async function load(root: string, paths: string[]): Promise<TfTree> {
  const files: TfFile[] = [];
  for (const path of paths.filter((p) => existsSync(join(root, p)))) {
    const text = readFileSync(join(root, path), 'utf8');
    const json = (await parse(path, text)) as Record<string, unknown>;
    files.push({ path, dir: path.slice(0, path.lastIndexOf('/')), display: `terraform/${path}`, text, json });
  }
  const varFiles: TfVarFile[] = [];
  const rootDir = join(root, ROOT_DIR);
  const names = existsSync(rootDir)
    ? readdirSync(rootDir)
        .filter((n) => varFileKind(n))
        .sort()
    : [];
  for (const name of names) {
    const { varFile, finding } = await loadVarFile(root, join(rootDir, name));
    if (!varFile) throw new Error(`terraform/${ROOT_DIR}/${name}: ${finding?.message}`);
    varFiles.push(varFile);
  }
  return { root, files, varFiles };
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
