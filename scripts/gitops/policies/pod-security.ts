// The Pod Security Standard "restricted", checked as Pod Security Admission checks it
// (k8s.io/pod-security-admission/policy check_*.go), with its reasons and details word for word, so a
// finding here reads like the API server's own refusal: violates PodSecurity "restricted:latest": ...
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type Finding, finding, type RenderedObject, type Tree } from '../model.js';
import { allContainers, podTemplate } from '../pods.js';

const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
// check_restrictedVolumes.go: the only volume types "restricted" admits.
const ALLOWED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** `container "a"` / `containers "a", "b"`, as PSA pluralises. */
function containers(names: string[]): string {
  return `${names.length === 1 ? 'container' : 'containers'} ${names.map((n) => `"${n}"`).join(', ')}`;
}

/** PSA's [reason, detail] pairs for one pod spec. */
export function restrictedViolations(spec: IPodSpec): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const all = allContainers(spec);
  const pod = spec.securityContext ?? {};

  // Baseline checks that "restricted" includes.
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) {
    const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec[k]);
    out.push(['host namespaces', set.map((k) => `${k}=true`).join(', ')]);
  }
  const privileged = all.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (privileged.length)
    out.push(['privileged', `${containers(privileged)} must not set securityContext.privileged=true`]);
  const hostPorts = all.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => p.hostPort));
  if (hostPorts.length) out.push(['hostPort', `hostPorts ${hostPorts.join(', ')}`]);

  // allowPrivilegeEscalation
  const escalating = all
    .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
    .map((c) => c.name);
  if (escalating.length)
    out.push([
      'allowPrivilegeEscalation != false',
      `${containers(escalating)} must set securityContext.allowPrivilegeEscalation=false`,
    ]);

  // runAsNonRoot
  const nonRootDetails: string[] = [];
  const badSetters: string[] = [];
  if (pod.runAsNonRoot === false) badSetters.push('pod');
  const explicitRoot = all.filter((c) => c.securityContext?.runAsNonRoot === false).map((c) => c.name);
  if (explicitRoot.length) badSetters.push(containers(explicitRoot));
  if (badSetters.length)
    nonRootDetails.push(`${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  // Containers that leave it unset are only implicitly bad when the pod leaves it unset too.
  if (pod.runAsNonRoot === undefined) {
    const unset = all.filter((c) => c.securityContext?.runAsNonRoot === undefined).map((c) => c.name);
    if (unset.length)
      nonRootDetails.push(`pod or ${containers(unset)} must set securityContext.runAsNonRoot=true`);
  }
  if (nonRootDetails.length) out.push(['runAsNonRoot != true', nonRootDetails.join('; ')]);

  // runAsUser
  const rootUser: string[] = [];
  if (pod.runAsUser === 0) rootUser.push('pod must not set runAsUser=0');
  const rootContainers = all.filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (rootContainers.length) rootUser.push(`${containers(rootContainers)} must not set runAsUser=0`);
  if (rootUser.length) out.push(['runAsUser=0', rootUser.join('; ')]);

  // seccompProfile
  const seccomp: string[] = [];
  const podType = pod.seccompProfile?.type;
  if (podType !== undefined && !ALLOWED_SECCOMP.includes(podType))
    seccomp.push(`pod must not set securityContext.seccompProfile.type to "${podType}"`);
  const badType = all.filter((c) => {
    const t = c.securityContext?.seccompProfile?.type;
    return t !== undefined && !ALLOWED_SECCOMP.includes(t);
  });
  for (const c of badType)
    seccomp.push(
      `container "${c.name}" must not set securityContext.seccompProfile.type to "${c.securityContext?.seccompProfile?.type}"`,
    );
  if (podType === undefined) {
    const unset = all.filter((c) => c.securityContext?.seccompProfile?.type === undefined).map((c) => c.name);
    if (unset.length)
      seccomp.push(
        `pod or ${containers(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      );
  }
  if (seccomp.length) out.push(['seccompProfile', seccomp.join('; ')]);

  // capabilities
  const caps: string[] = [];
  const notDropping = all.filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  if (notDropping.length)
    caps.push(
      `${containers(notDropping.map((c) => c.name))} must set securityContext.capabilities.drop=["ALL"]`,
    );
  for (const c of all) {
    const added = (c.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length)
      caps.push(
        `container "${c.name}" must not include ${added.map((a) => `"${a}"`).join(', ')} in securityContext.capabilities.add`,
      );
  }
  if (caps.length) out.push(['unrestricted capabilities', caps.join('; ')]);

  // volume types
  const badVolumes: string[] = [];
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type && !ALLOWED_VOLUMES.has(type))
      badVolumes.push(`volume "${volume.name}" uses restricted volume type "${type}"`);
  }
  if (badVolumes.length) out.push(['restricted volume types', badVolumes.join('; ')]);
  return out;
}

/** Rule `pss-restricted`: one finding per PSA reason, message in PSA's words. */
export function podSecurityFindings(tree: Tree, item: RenderedObject): Finding[] {
  const pod = podTemplate(item.object);
  if (!pod) return [];
  return restrictedViolations(pod.spec).map(([reason, detail]) =>
    finding(tree, item, 'pss-restricted', `violates PodSecurity "restricted:latest": ${reason} (${detail})`),
  );
}
