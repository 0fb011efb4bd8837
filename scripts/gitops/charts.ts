// What a Helm chart writes at its pinned version, as chart-facts.json records it, evaluated against an
// Application's own values. Charts cannot be rendered here (no Helm repository is reachable), so their
// templates were read at a tag and each object's condition recorded; this module applies those
// conditions, and the chart-facts and fargate checks compare the result with the project and the cluster.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { K8sObject } from './model.js';
import { record } from './model.js';

/** The values a template's condition reads, each compared for equality; all must hold. */
export type Condition = Readonly<Record<string, unknown>>;

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
  readonly when?: Condition;
}

/** Objects a chart writes outside its release namespace. */
export interface NamespacedWrite {
  readonly namespace: string;
  readonly kinds: readonly string[];
  readonly template: string;
  readonly when?: Condition;
}

/** A workload a chart runs, with what Fargate refuses. */
export interface ChartPod {
  readonly kind: string;
  readonly name: string;
  readonly template: string;
  readonly when?: Condition;
  readonly hostNetwork?: boolean;
  readonly hostPorts?: readonly number[];
  readonly privileged?: boolean;
  readonly volumeClaims?: boolean;
}

export interface ChartFacts {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** Where the templates were read: repository, path, tag and commit. */
  readonly readFrom: {
    readonly repo: string;
    readonly path: string;
    readonly tag: string;
    readonly commit: string;
  };
  /** The chart's default of every value a condition reads. */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly writes: readonly NamespacedWrite[];
  readonly clusterKinds: readonly GroupKind[];
  /** Kinds in the release namespace; recorded where a project restricts namespaced kinds. */
  readonly namespacedKinds?: readonly GroupKind[];
  readonly pods: readonly ChartPod[];
  /** What reading the templates could not settle. */
  readonly unconfirmed: readonly string[];
}

export const CHART_FACTS_FILE = 'scripts/gitops/chart-facts.json';

/** Reads a facts file, refusing a condition on a value whose default is not recorded. */
export function loadChartFacts(path: string): ChartFacts[] {
  const charts = (JSON.parse(readFileSync(path, 'utf8')) as { charts: ChartFacts[] }).charts;
  for (const c of charts) {
    const conditions = [...c.writes, ...c.clusterKinds, ...(c.namespacedKinds ?? []), ...c.pods];
    for (const { when } of conditions)
      for (const key of Object.keys(when ?? {}))
        if (!(key in c.defaults))
          throw new Error(`${path}: ${c.chart} ${c.version}: condition on ${key} has no recorded default`);
  }
  return charts;
}

/** The Application's chart source, if it has one. */
export function chartSource(
  app: K8sObject,
): { repoURL: string; chart: string; version: string; values: Record<string, unknown> } | undefined {
  const source = record(record(app.spec)?.source);
  if (typeof source?.chart !== 'string') return undefined;
  return {
    repoURL: String(source.repoURL ?? ''),
    chart: source.chart,
    version: String(source.targetRevision ?? ''),
    values: helmValues(record(source.helm)),
  };
}

/** `helm.values` (YAML text) overlaid with `helm.valuesObject`, which Argo CD gives precedence. */
function helmValues(helm: Record<string, unknown> | undefined): Record<string, unknown> {
  const text = typeof helm?.values === 'string' ? (record(parse(helm.values)) ?? {}) : {};
  return merge(text, record(helm?.valuesObject) ?? {});
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const a = record(out[key]);
    const b = record(value);
    out[key] = a && b ? merge(a, b) : value;
  }
  return out;
}

/** The value at a dotted path (`a.b.c`), undefined when any step is missing. */
export function valueAt(values: Record<string, unknown>, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split('.')) current = record(current)?.[key];
  return current;
}

/** Whether every value of the condition equals the Application's value, or the chart's default when unset. */
export function holds(
  facts: ChartFacts,
  values: Record<string, unknown>,
  when: Condition | undefined,
): boolean {
  return Object.entries(when ?? {}).every(([path, expected]) => {
    const set = valueAt(values, path);
    const actual = set === undefined ? facts.defaults[path] : set;
    return JSON.stringify(actual) === JSON.stringify(expected);
  });
}

/** The facts of a chart at a version, or why there are none. */
export function factsFor(
  charts: readonly ChartFacts[],
  source: { repoURL: string; chart: string; version: string },
): ChartFacts | string {
  const same = charts.filter((c) => c.chart === source.chart && c.repoURL === source.repoURL);
  const exact = same.find((c) => c.version === source.version);
  if (exact) return exact;
  const read = same.map((c) => c.version).join(', ');
  return `no facts for chart ${source.chart} ${source.version} from ${source.repoURL}${read ? ` (recorded: ${read})` : ''}: read its templates at that tag and record them in ${CHART_FACTS_FILE}`;
}
