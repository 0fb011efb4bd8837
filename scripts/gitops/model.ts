// The shapes the validator passes around: a rendered tree, its objects, and what is wrong with them.

/** A Kubernetes object as kustomize rendered it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** One object of a rendered tree, with the file it came from. */
export interface RenderedObject {
  object: K8sObject;
  /** Repo-relative source file (kustomize's origin annotation), else the tree's kustomization file. */
  file: string;
}

/** One kustomization directory under gitops/, rendered. */
export interface Tree {
  /** Repo-relative directory, e.g. `gitops/envs/dev`. */
  dir: string;
  /** Absolute directory. */
  path: string;
  objects: RenderedObject[];
  /** kustomize's error when the tree does not render. */
  error?: string;
  ms: number;
}

/** A violation: which file, which rule, and what to do about it. */
export interface Finding {
  file: string;
  rule: string;
  message: string;
  /** The tree whose rendering showed it. */
  tree: string;
  /** `Kind namespace/name` of the object, when there is one. */
  object?: string;
}

/** `Deployment shop-dev/inventory`. */
export function describe(object: K8sObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '(unnamed)'}`;
}

/** A finding about one rendered object. */
export function finding(tree: Tree, item: RenderedObject, rule: string, message: string): Finding {
  return { file: item.file, rule, message, tree: tree.dir, object: describe(item.object) };
}

/** `file: [rule] Kind ns/name: message (rendered by tree)`: what the CLI and the tests print. */
export function formatFinding(f: Finding): string {
  const where = f.file.startsWith(`${f.tree}/`) ? '' : ` (rendered by ${f.tree})`;
  return `${f.file}: [${f.rule}] ${f.object ? `${f.object}: ` : ''}${f.message}${where}`;
}

/** A plain object, or undefined: for walking unknown YAML safely. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
