// Workload rules beyond PSA: read-only root filesystem with /tmp as the only writable path, requests
// and limits, probes on /health and /ready, a grace period longer than the drain, uid 65532, no API
// token; and, in deployable trees, images that name a tag or digest (never latest).
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type Finding, finding, type RenderedObject, record, type Tree } from '../model.js';
import { allContainers, podTemplate } from '../pods.js';

/** The services' default drain (services/pricing/src/config.ts SHUTDOWN_TIMEOUT_MS). */
const DEFAULT_DRAIN_MS = 10_000;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_S = 30;
const UID = 65532;

export function workloadFindings(tree: Tree, item: RenderedObject): Finding[] {
  const pod = podTemplate(item.object);
  if (!pod) return [];
  const out: Finding[] = [];
  const add = (rule: string, message: string) => out.push(finding(tree, item, rule, message));
  const { spec } = pod;

  const tmpVolumes = new Set((spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
  for (const c of allContainers(spec)) {
    const name = `container "${c.name}"`;
    if (c.securityContext?.readOnlyRootFilesystem !== true)
      add('read-only-root', `${name} must set securityContext.readOnlyRootFilesystem=true`);
    for (const mount of c.volumeMounts ?? [])
      if (tmpVolumes.has(mount.name) && mount.mountPath !== '/tmp')
        add(
          'read-only-root',
          `${name} mounts writable emptyDir "${mount.name}" at ${mount.mountPath}: only /tmp may be writable`,
        );
    for (const kind of ['requests', 'limits'] as const)
      for (const resource of ['cpu', 'memory'])
        if (c.resources?.[kind]?.[resource] === undefined)
          add('resources', `${name} must set resources.${kind}.${resource}`);
  }

  for (const c of spec.containers ?? []) {
    const name = `container "${c.name}"`;
    const probes = [
      ['startupProbe', c.startupProbe, '/health'],
      ['livenessProbe', c.livenessProbe, '/health'],
      ['readinessProbe', c.readinessProbe, '/ready'],
    ] as const;
    for (const [probe, value, path] of probes)
      if (value?.httpGet?.path !== path)
        add('probes', `${name} must have a ${probe} with httpGet.path ${path}`);
    const drainMs = Number(setting(tree, c, 'SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_DRAIN_MS);
    const graceS = spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_S;
    if (graceS * 1000 <= drainMs)
      add(
        'grace-period',
        `terminationGracePeriodSeconds ${graceS} must exceed ${name}'s drain SHUTDOWN_TIMEOUT_MS=${drainMs} ms`,
      );
  }

  if (spec.automountServiceAccountToken !== false)
    add(
      'service-account-token',
      'pod must set automountServiceAccountToken=false (the services never call the Kubernetes API)',
    );
  out.push(...uidFindings(tree, item, spec));
  return out;
}

function uidFindings(tree: Tree, item: RenderedObject, spec: IPodSpec): Finding[] {
  const uids = [
    spec.securityContext?.runAsUser,
    ...allContainers(spec).map((c) => c.securityContext?.runAsUser),
  ];
  const wrong = uids.filter((u) => u !== undefined && u !== UID);
  if (spec.securityContext?.runAsUser === UID && wrong.length === 0) return [];
  return [
    finding(
      tree,
      item,
      'run-as-uid',
      `pod must run as uid ${UID} (securityContext.runAsUser), the images' user`,
    ),
  ];
}

/**
 * Rule `image-reference`, for deployable trees (a base's bare `inventory` is the name an environment's
 * images list replaces): a tag or a digest, and never the tag latest.
 */
export function imageReferenceFindings(tree: Tree, item: RenderedObject): Finding[] {
  const pod = podTemplate(item.object);
  return pod ? allContainers(pod.spec).flatMap((c) => imageFindings(tree, item, c)) : [];
}

function imageFindings(tree: Tree, item: RenderedObject, c: IContainer): Finding[] {
  const image = c.image ?? '';
  const [withoutDigest = '', digest] = image.split('@');
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
  if (digest === undefined && tag === undefined)
    return [
      finding(
        tree,
        item,
        'image-reference',
        `container "${c.name}" image "${image}" has neither a tag nor a digest`,
      ),
    ];
  if (tag === 'latest')
    return [
      finding(tree, item, 'image-reference', `container "${c.name}" image "${image}" uses the tag latest`),
    ];
  return [];
}

/** A container's environment variable, from env or from a ConfigMap of the same tree (envFrom). */
function setting(tree: Tree, c: IContainer, name: string): string | undefined {
  const direct = c.env?.find((e) => e.name === name)?.value;
  if (direct !== undefined) return direct;
  for (const source of c.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (!source.configMapRef || !name.startsWith(prefix)) continue;
    const map = tree.objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === source.configMapRef?.name,
    );
    const value = record(map?.object.data)?.[name.slice(prefix.length)];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
