// Finds the pod templates inside workload objects, the way Pod Security Admission does.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type K8sObject, record } from './model.js';

/** A pod spec with its labels, from a Pod or a workload's template. */
export interface PodTemplate {
  spec: IPodSpec;
  labels: Record<string, string>;
}

/** The pod template of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob. */
export function podTemplate(object: K8sObject): PodTemplate | undefined {
  const spec = record(object.spec);
  let template: Record<string, unknown> | undefined;
  switch (object.kind) {
    case 'Pod':
      return { spec: (spec ?? {}) as unknown as IPodSpec, labels: object.metadata?.labels ?? {} };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      template = record(spec?.template);
      break;
    case 'CronJob':
      template = record(record(record(spec?.jobTemplate)?.spec)?.template);
      break;
    default:
      return undefined;
  }
  const labels = (record(template?.metadata)?.labels ?? {}) as Record<string, string>;
  return { spec: (record(template?.spec) ?? {}) as unknown as IPodSpec, labels };
}

/** Every container of a pod: init, regular and ephemeral, as PSA checks them. */
export function allContainers(spec: IPodSpec): IContainer[] {
  return [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...((spec.ephemeralContainers ?? []) as IContainer[]),
  ];
}
