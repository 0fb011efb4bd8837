// A workflow file parsed with positions, so every finding can name its line (down to the line of an
// expression inside a multi-line script), and with comments, which the permission check reads (a write must
// say why on its line).
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Problem } from '../../scripts/checks/finding.js';

export interface Step {
  readonly node: YAMLMap;
  readonly uses: string | undefined;
  readonly run: string | undefined;
}

export interface Job {
  readonly id: string;
  /** The job's key (`build:`), whose line names the job. */
  readonly key: Node;
  readonly node: YAMLMap;
  readonly steps: Step[];
}

export interface WorkflowSource {
  readonly file: string;
  readonly text: string;
  readonly root: YAMLMap | undefined;
  readonly jobs: Job[];
  /** 1-based line of a node (1 when it has no position). */
  line(node: Node | null | undefined): number;
  /** 1-based line of an offset into `text`. */
  lineAt(offset: number): number;
  /** YAML syntax errors (reported under the id `yaml`). */
  readonly errors: Problem[];
}

/** The value node under `key` of a map node, or undefined. */
export function child(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const value = map.get(key, true);
  return (value ?? undefined) as Node | undefined;
}

/** The pair (key and value) under `key`: its key node has the line of the key. */
export function pair(map: unknown, key: string) {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** The string value under `key`, when it is a scalar. */
export function text(map: unknown, key: string): string | undefined {
  const value = child(map, key);
  return isScalar(value) && value.value !== null ? String(value.value) : undefined;
}

export function parseWorkflowSource(file: string, source: string): WorkflowSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, keepSourceTokens: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const line = (node: Node | null | undefined) => (node?.range ? lineAt(node.range[0]) : 1);
  const errors: Problem[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? 1,
    message: e.message.split('\n')[0] ?? e.message,
  }));
  const root = isMap(doc.contents) ? doc.contents : undefined;
  const jobs: Job[] = [];
  const jobsNode = child(root, 'jobs');
  if (isMap(jobsNode)) {
    for (const item of jobsNode.items) {
      if (!isScalar(item.key) || !isMap(item.value)) continue;
      const stepsNode = child(item.value, 'steps');
      const steps: Step[] = isSeq(stepsNode)
        ? stepsNode.items
            .filter(isMap)
            .map((node) => ({ node, uses: text(node, 'uses')?.trim(), run: text(node, 'run') }))
        : [];
      jobs.push({ id: String(item.key.value), key: item.key, node: item.value, steps });
    }
  }
  return { file, text: source, root, jobs, line, lineAt, errors };
}

/** The `scope: write` entries of a permissions map, with their nodes (the value holds the comment). */
export function writes(permissions: Node | undefined): Array<{ scope: string; node: Scalar; key: Node }> {
  if (!isMap(permissions)) return [];
  return permissions.items
    .filter((p) => isScalar(p.key) && isScalar(p.value) && p.value.value === 'write')
    .map((p) => ({ scope: String((p.key as Scalar).value), node: p.value as Scalar, key: p.key as Node }));
}

/**
 * `owner/name[/path]` of a `uses:` in lower case, without its ref: GitHub resolves owners and repositories
 * case-insensitively, so `Actions/Checkout` is `actions/checkout`.
 */
export const usesName = (uses: string | undefined) => uses?.split('@')[0]?.toLowerCase();

/** The job that pushes a GitOps bump (the one allowed to keep checkout's token). */
export const isBumpJob = (job: Job) => job.steps.some((s) => usesName(s.uses) === './actions/gitops-bump');

/** A job's `environment:` name, in either form. */
export function environmentName(job: Job): string | undefined {
  const env = child(job.node, 'environment');
  if (isScalar(env)) return env.value === null ? undefined : String(env.value);
  return text(env, 'name');
}

/** Visits every scalar under a node. */
export function everyScalar(node: unknown, visit: (scalar: Scalar) => void): void {
  if (isScalar(node)) visit(node);
  else if (isMap(node)) for (const p of node.items) everyScalar(p.value, visit);
  else if (isSeq(node)) for (const item of node.items) everyScalar(item, visit);
}

/** The names of the events that trigger the workflow (`on:` as a string, a list or a map), with their nodes. */
export function triggers(w: WorkflowSource): Array<{ name: string; node: Node }> {
  const value = pair(w.root, 'on')?.value as Node | undefined;
  if (isScalar(value)) return [{ name: String(value.value), node: value }];
  if (isSeq(value)) return value.items.filter(isScalar).map((s) => ({ name: String(s.value), node: s }));
  if (isMap(value))
    return value.items
      .filter((p) => isScalar(p.key))
      .map((p) => ({ name: String((p.key as Scalar).value), node: p.key as Node }));
  return [];
}

/** The line where a scalar's text starts: a block scalar (`|`, `>`) starts on the line after its header. */
export function valueLine(w: WorkflowSource, scalar: Scalar): number {
  const block = scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED';
  return w.line(scalar) + (block ? 1 : 0);
}

/** A problem at a node or a line of the workflow. */
export function at(w: WorkflowSource, where: Node | number | null | undefined, message: string): Problem {
  return { file: w.file, line: typeof where === 'number' ? where : w.line(where), message };
}
