// Finds the pod inside an object the way Pod Security Admission does (its podSpecExtractor): a Pod, a
// PodTemplate, or the template of a ReplicationController, ReplicaSet, Deployment, StatefulSet, DaemonSet,
// Job or CronJob. An object of any other kind that still embeds a pod spec is found too, so a check can
// refuse it instead of passing it unseen.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type K8sObject, record } from './model.js';

/** A pod spec with its metadata, from a Pod or a workload's template. */
export interface PodTemplate {
  spec: IPodSpec;
  labels: Record<string, string>;
  /** PSA reads AppArmor's (and, before v1.19, seccomp's) annotations from the pod's metadata. */
  annotations: Record<string, string>;
}

/** The kinds PSA extracts a pod from, and where the template sits in each. */
const TEMPLATE_PATH: Record<string, readonly string[]> = {
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Whether PSA knows how to find the pod of this kind (Pod included). */
export const carriesKnownPod = (kind: string): boolean => kind === 'Pod' || kind in TEMPLATE_PATH;

/** The pod of a Pod or of a kind PSA knows; undefined for every other kind. */
export function podTemplate(object: K8sObject): PodTemplate | undefined {
  if (object.kind === 'Pod') return pod(object);
  const path = TEMPLATE_PATH[object.kind];
  if (!path) return undefined;
  let template: Record<string, unknown> | undefined = object;
  for (const key of path) template = record(template?.[key]);
  return pod(template ?? {});
}

function pod(holder: Record<string, unknown>): PodTemplate {
  const metadata = record(holder.metadata);
  return {
    spec: (record(holder.spec) ?? {}) as unknown as IPodSpec,
    labels: (record(metadata?.labels) ?? {}) as Record<string, string>,
    annotations: (record(metadata?.annotations) ?? {}) as Record<string, string>,
  };
}

/**
 * Where an object of a kind PSA does not know embeds a pod spec (`spec.template.spec.containers`, at any
 * depth outside metadata), as a JSON path; undefined when it embeds none.
 */
export function embeddedPodSpec(object: K8sObject): string | undefined {
  if (carriesKnownPod(object.kind)) return undefined;
  const walk = (value: unknown, path: string): string | undefined => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const found = walk(item, `${path}/${i}`);
        if (found) return found;
      }
      return undefined;
    }
    const map = record(value);
    if (!map) return undefined;
    const containers = map.containers;
    if (Array.isArray(containers) && containers.some((c) => typeof record(c)?.image === 'string'))
      return path || '/';
    for (const [key, child] of Object.entries(map)) {
      if (path === '' && key === 'metadata') continue;
      const found = walk(child, `${path}/${key}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(object, '');
}

/** Every container of a pod: init, regular and ephemeral, in PSA's visiting order. */
export function allContainers(spec: IPodSpec): IContainer[] {
  return [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...((spec.ephemeralContainers ?? []) as IContainer[]),
  ];
}
