// EKS Fargate runs each pod in its own micro-VM: no DaemonSets (there is no node to run one per), no EBS
// volumes (only emptyDir, EFS and the like), no host network or host ports, no privileged containers.
// Which pods land on Fargate is Terraform's Fargate profile, read from terraform/ (fargate-profiles.ts);
// this check holds the tree's own workloads and the charts' workloads (chart-facts.json) to those limits.
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import { type ChartFacts, type ChartPod, chartSource, factsFor, holds } from '../charts.js';
import { type FargateSelector, fargateSelectors, onFargate } from '../fargate-profiles.js';
import { list, record } from '../model.js';
import { allContainers, podTemplate } from '../pods.js';
import { recordedCharts } from './chart-facts.js';
import { objectProblem, type TreeSubject, treeProblem } from './subject.js';

const WHY = 'Fargate';

/** What Fargate refuses in one pod template. */
export function podLimits(kind: string, spec: IPodSpec, claimTemplates: unknown[]): string[] {
  const out: string[] = [];
  if (kind === 'DaemonSet') out.push(`${WHY} runs no DaemonSets: run it as a Deployment, or on EC2 nodes`);
  if (spec.hostNetwork === true) out.push(`${WHY} has no host network (hostNetwork: true)`);
  const containers = allContainers(spec);
  const hostPorts = containers.flatMap((c) =>
    (c.ports ?? []).flatMap((p) => (p.hostPort ? [p.hostPort] : [])),
  );
  if (hostPorts.length > 0) out.push(`${WHY} has no host ports (${hostPorts.join(', ')})`);
  const privileged = containers.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (privileged.length > 0) out.push(`${WHY} runs no privileged containers (${privileged.join(', ')})`);
  const claims = [
    ...(spec.volumes ?? []).filter((v) => v.persistentVolumeClaim || v.ephemeral).map((v) => v.name),
    ...claimTemplates.map((t) => String(record(record(t)?.metadata)?.name ?? '(unnamed)')),
  ];
  if (claims.length > 0)
    out.push(
      `${WHY} mounts no block-storage volume claims (${claims.join(', ')}): use object storage or an emptyDir, or EFS`,
    );
  return out;
}

function chartPodLimits(pod: ChartPod): string[] {
  const out: string[] = [];
  if (pod.kind === 'DaemonSet') out.push(`${WHY} runs no DaemonSets`);
  if (pod.hostNetwork) out.push(`${WHY} has no host network`);
  if (pod.hostPorts?.length) out.push(`${WHY} has no host ports (${pod.hostPorts.join(', ')})`);
  if (pod.privileged) out.push(`${WHY} runs no privileged containers`);
  if (pod.volumeClaims) out.push(`${WHY} mounts no block-storage volume claims`);
  return out;
}

export function fargateProblems(
  subject: TreeSubject,
  selectors: readonly FargateSelector[],
  charts: readonly ChartFacts[],
): Problem[] {
  const out: Problem[] = [];
  if (!subject.deployable) return out; // a building block's pods are checked where they are deployed
  for (const item of subject.tree.objects) {
    const { object } = item;
    const pod = podTemplate(object);
    if (pod && onFargate(selectors, object.metadata?.namespace ?? '', pod.labels)) {
      const claimTemplates =
        object.kind === 'StatefulSet' ? list(record(object.spec)?.volumeClaimTemplates) : [];
      const limits = podLimits(object.kind, pod.spec, claimTemplates);
      if (limits.length > 0)
        out.push(
          objectProblem(
            subject,
            item,
            `runs on Fargate (namespace ${object.metadata?.namespace}): ${limits.join('; ')}`,
          ),
        );
    }
    if (object.kind !== 'Application') continue;
    const source = chartSource(object);
    const namespace = String(record(record(object.spec)?.destination)?.namespace ?? '');
    // A chart's pod labels are not recorded: only namespace-wide selectors are known to take its pods.
    if (
      !source ||
      !onFargate(
        selectors.filter((s) => Object.keys(s.labels).length === 0),
        namespace,
        {},
      )
    )
      continue;
    const facts = factsFor(charts, source);
    if (typeof facts === 'string') continue; // chart-facts reports it
    for (const p of facts.pods.filter((p) => holds(facts, source.values, p.when))) {
      const limits = chartPodLimits(p);
      if (limits.length > 0)
        out.push(
          objectProblem(
            subject,
            item,
            `chart ${facts.chart} ${facts.version} runs ${p.kind} ${p.name} (${p.template}) in namespace ${namespace}, which a Fargate profile selects: ${limits.join('; ')}`,
          ),
        );
    }
  }
  return out;
}

export const fargate = defineCheck<TreeSubject>({
  id: 'fargate',
  summary:
    'pods in namespaces a Fargate profile selects (read from terraform/): no DaemonSets, no block-storage volume claims, no host network or ports, no privileged containers; charts too, from chart-facts.json',
  async run(subject) {
    const selectors = await fargateSelectors(subject.repoRoot);
    if (typeof selectors === 'string') return subject.deployable ? [treeProblem(subject, selectors)] : [];
    return fargateProblems(subject, selectors, recordedCharts());
  },
});
