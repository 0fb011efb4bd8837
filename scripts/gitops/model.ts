// The shapes the validator passes around: a rendered tree and its objects (findings are the engine's,
// scripts/checks/finding.ts).

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
  /** Repo-relative directory, e.g. `gitops/apps/dev`. */
  dir: string;
  /** Absolute directory. */
  path: string;
  objects: RenderedObject[];
  /** kustomize's error when the tree does not render. */
  error?: string;
  ms: number;
  /** How many trees shared the kustomize run that rendered it (render.ts renderTogether); `ms` is its share. */
  sharedWith?: number;
}

/** `Deployment shop-dev/inventory`. */
export function describe(object: K8sObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '(unnamed)'}`;
}

/** Whether a tree deploys to prod (a path segment `prod`). */
export function isProd(tree: Pick<Tree, 'dir'>): boolean {
  return tree.dir.split('/').includes('prod');
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
