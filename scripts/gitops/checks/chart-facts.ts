// A chart's Application must fit its project the way a path's does: every namespace and kind the chart
// writes at its pinned version and values. Charts are not rendered here, so what they write comes from
// chart-facts.json (read from each chart's templates at its tag); a chart version without facts is a
// finding too, so an upgrade cannot skip the reading.
import { fileURLToPath } from 'node:url';
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import {
  CHART_FACTS_FILE,
  type ChartFacts,
  chartSource,
  factsFor,
  holds,
  loadChartFacts,
} from '../charts.js';
import { type K8sObject, list, record } from '../model.js';
import { objectProblem, type TreeSubject } from './subject.js';

const glob = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);

interface ProjectLimits {
  destinations: { server: string; namespace: string }[];
  clusterKinds: { group: string; kind: string }[];
  /** undefined: the project does not restrict namespaced kinds. */
  namespacedKinds: { group: string; kind: string }[] | undefined;
}

function limits(project: K8sObject): ProjectLimits {
  const spec = record(project.spec) ?? {};
  const groupKinds = (v: unknown) =>
    list(v).map((e) => ({ group: String(record(e)?.group ?? ''), kind: String(record(e)?.kind ?? '') }));
  return {
    destinations: list(spec.destinations).map((d) => ({
      server: String(record(d)?.server ?? '*'),
      namespace: String(record(d)?.namespace ?? ''),
    })),
    clusterKinds: groupKinds(spec.clusterResourceWhitelist),
    namespacedKinds: Array.isArray(spec.namespaceResourceWhitelist)
      ? groupKinds(spec.namespaceResourceWhitelist)
      : undefined,
  };
}

const allows = (whitelist: { group: string; kind: string }[], group: string, kind: string) =>
  whitelist.some((w) => glob(w.group, group) && glob(w.kind, kind));

/** What the chart writes that the project does not allow, as messages. */
export function chartMisfits(
  facts: ChartFacts,
  values: Record<string, unknown>,
  project: K8sObject,
  server: string,
): string[] {
  const name = String(project.metadata?.name);
  const from = `${facts.chart} ${facts.version}, read at ${facts.readFrom.repo} ${facts.readFrom.tag}`;
  const limit = limits(project);
  const out: string[] = [];
  for (const w of facts.writes.filter((w) => holds(facts, values, w.when))) {
    const ok = limit.destinations.some((d) => glob(d.namespace, w.namespace) && glob(d.server, server));
    if (!ok)
      out.push(
        `chart ${from} writes ${w.kinds.join(', ')} into namespace "${w.namespace}" (${w.template}), which project "${name}" does not allow: configure the chart to stay in the project`,
      );
  }
  for (const k of facts.clusterKinds.filter((k) => holds(facts, values, k.when)))
    if (!allows(limit.clusterKinds, k.group, k.kind))
      out.push(
        `chart ${from} writes cluster-scoped ${k.kind} (${k.group || 'core'}), which project "${name}" does not whitelist`,
      );
  if (limit.namespacedKinds !== undefined) {
    const allowed = limit.namespacedKinds;
    if (facts.namespacedKinds === undefined)
      out.push(
        `project "${name}" restricts namespaced kinds, and ${CHART_FACTS_FILE} does not record those of ${from}`,
      );
    for (const k of (facts.namespacedKinds ?? []).filter((k) => holds(facts, values, k.when)))
      if (!allows(allowed, k.group, k.kind))
        out.push(
          `chart ${from} writes ${k.kind} (${k.group || 'core'}), which project "${name}" does not whitelist`,
        );
  }
  return out;
}

/** The check over a given facts list (tests pass their own; the registered check reads the file). */
export function chartFactsProblems(subject: TreeSubject, charts: readonly ChartFacts[]): Problem[] {
  if (!subject.deployable) return [];
  const projects = new Map(
    subject.tree.objects
      .filter((o) => o.object.kind === 'AppProject')
      .map((o) => [o.object.metadata?.name ?? '', o.object]),
  );
  const out: Problem[] = [];
  for (const item of subject.tree.objects) {
    if (item.object.kind !== 'Application') continue;
    const source = chartSource(item.object);
    if (!source) continue;
    const facts = factsFor(charts, source);
    if (typeof facts === 'string') {
      out.push(objectProblem(subject, item, facts));
      continue;
    }
    const spec = record(item.object.spec);
    const project = projects.get(String(spec?.project ?? ''));
    if (!project) continue; // the argocd checks report an unknown project
    const server = String(record(spec?.destination)?.server ?? '');
    for (const m of chartMisfits(facts, source.values, project, server))
      out.push(objectProblem(subject, item, m));
  }
  return out;
}

let loaded: ChartFacts[] | undefined;

/** The recorded facts. They belong to the validator (like module-inputs.json to check:terraform), not to the tree it reads. */
export function recordedCharts(): ChartFacts[] {
  loaded ??= loadChartFacts(fileURLToPath(new URL('../chart-facts.json', import.meta.url)));
  return loaded;
}

export const chartFacts = defineCheck<TreeSubject>({
  id: 'chart-facts',
  summary:
    'every chart Application has facts for its pinned version (scripts/gitops/chart-facts.json), and the namespaces and kinds the chart writes with its values are allowed by its project',
  run(subject) {
    return chartFactsProblems(subject, recordedCharts());
  },
});
